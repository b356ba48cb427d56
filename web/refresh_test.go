package web_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// TestRefreshFigures: a placement recorded after the figure set was computed makes the
// set stale, and the server's refresher recomputes it within its interval — the key
// figures then count the placement; with nothing new it computes nothing.
func TestRefreshFigures(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "refresh.db")
	pejlingCLI(t, "import", "--quiet", "--db", dsn, demoData(t))
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before, current, err := db.FigureSetCurrent(ctx)
	if err != nil || !current {
		t.Fatalf("after the import: current %v, %v", current, err)
	}
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Imports = db
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	go srv.RefreshFigures(rctx, 20*time.Millisecond)

	// Nothing new: the set stays.
	time.Sleep(200 * time.Millisecond)
	if set, _, _ := db.FigureSetCurrent(ctx); set.ID != before.ID {
		t.Fatalf("with nothing new the refresher computed set %d (was %d)", set.ID, before.ID)
	}

	u := newUser(t, db, "cw", pejling.RoleCaseWorker, 101)
	start := before.AsOf - 40
	p, err := employer.DefaultPlacementPolicy().New(pejling.Placement{Municipality: 101, PersonID: "refresh-only", Type: pejling.Praktik,
		CVR: "12345678", Start: start, End: start + 27, HoursPerWeek: 37, Group: pejling.KTH}, *u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePlacement(ctx, &p); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		set, current, err := db.FigureSetCurrent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if current && set.ID != before.ID {
			if set.PlacementsStamp == before.PlacementsStamp {
				t.Errorf("the new set keeps the old placements stamp %d", set.PlacementsStamp)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the refresher did not recompute the figure set within 2 minutes")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
