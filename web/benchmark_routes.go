package web

import "net/http"

// The routes of the benchmark part of the app (joined in routes.go): the views of a
// municipality (benchmark_pages.go) and their JSON API (api_benchmark.go).
var (
	benchmarkPageRoutes = benchPageRouteTable()
	benchmarkAPIRoutes  = []route{
		{Route{"GET /api/v1/benchmark/peers", SignedIn, true, benchPeersParams}, func(s *Server) http.HandlerFunc { return s.handleAPIBenchPeers }},
		{Route{"GET /api/v1/benchmark/expected", SignedIn, true, benchExpectedParams}, func(s *Server) http.HandlerFunc { return s.handleAPIBenchExpected }},
		{Route{"GET /api/v1/benchmark/rank", SignedIn, true, benchRankParams}, func(s *Server) http.HandlerFunc { return s.handleAPIBenchRank }},
		{Route{"GET /api/v1/benchmark/learn", SignedIn, true, benchLearnParams}, func(s *Server) http.HandlerFunc { return s.handleAPIBenchLearn }},
		{Route{"GET /api/v1/benchmark/compare", SignedIn, true, benchCompareParams}, func(s *Server) http.HandlerFunc { return s.handleAPIBenchCompare }},
	}
)
