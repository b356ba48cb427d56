package demodata

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// The operational side of the demo (issue 8): what a job centre's employer service and
// case workers record in the app itself, as opposed to the register files Generate
// writes. GenerateOperations draws it from a generated register data set — its
// companies, its persons on benefit and their activation spells — for a few
// municipalities, deterministically from a seed. It is pure: the caller writes the
// result through the store (cmd/pejling, demo_operations.go).
//
// Users are referred to by provisional ids: StaffID(i) is Staff[i]. The writer creates
// the users in order and maps every user field through the ids the store gave them.
//
// Each part has its own function and its own random stream per municipality (opsRand
// with a part constant), so that adding a part leaves the rows of the others as they
// were. To add one (placements): a stream constant at the end of the list,
// a method (g *opsGen) part(m *opsMuniState) appending to a new field of Operations,
// its call in GenerateOperations, its rows in Operations.Rows, its writer in
// cmd/pejling/demo_operations.go, and its checks in operations_test.go.

// OperationsConfig says what GenerateOperations draws.
type OperationsConfig struct {
	// Data is the folder of a data set Generate wrote (companies.csv,
	// benefit_spells.csv, activation_spells.csv, dataset.json are read).
	Data string
	Seed int64
	// Now is the end of the operational history: every event is at or before it. The
	// demo passes the time it loads, so that the service-level clocks of the orders
	// stand as a consultant would find them that day.
	Now time.Time
	// Municipalities are the codes to draw for; nil means OperationsMunicipalities.
	// Each must be one of OperationsMunicipalities (their centres are known).
	Municipalities []int
}

// OperationsMunicipalities are the municipalities the demo's operational side covers by
// default: the five largest by population (København, Aarhus, Aalborg, Odense, Vejle).
// Five show every kind of job centre size and keep the load to a few seconds; each
// record is written through the store's own checks, one transaction per record.
var OperationsMunicipalities = []int{101, 751, 851, 461, 630}

// opsMuni is what the generator knows of a municipality beyond the register: its
// centre (town hall, WGS 84), postcodes and a short tag for user names.
type opsMuni struct {
	code     int
	tag      string
	city     string
	centre   pejling.LatLon
	postcode [2]int // a range of the municipality's postcodes
}

var opsMunis = map[int]opsMuni{
	101: {101, "kbh", "København", pejling.LatLon{Lat: 55.6761, Lon: 12.5683}, [2]int{1050, 2450}},
	751: {751, "aarhus", "Aarhus", pejling.LatLon{Lat: 56.1529, Lon: 10.2039}, [2]int{8000, 8270}},
	851: {851, "aalborg", "Aalborg", pejling.LatLon{Lat: 57.0488, Lon: 9.9217}, [2]int{9000, 9220}},
	461: {461, "odense", "Odense", pejling.LatLon{Lat: 55.3959, Lon: 10.3883}, [2]int{5000, 5270}},
	630: {630, "vejle", "Vejle", pejling.LatLon{Lat: 55.7113, Lon: 9.5357}, [2]int{7100, 7120}},
}

// Teams are the teams of each municipality's job centre, by area and for the young:
// consultants of the employer service are in the first two, case workers in all three.
var Teams = []string{"Team Nord", "Team Syd", "Team Unge"}

// DemoConsultant is the user name of the consultant the demo signs in as: a consultant
// of the first municipality, who owns orders and companies like the others.
const DemoConsultant = "konsulent"

// StaffMember is a user the operational side needs: a consultant or case worker of a
// municipality, in a team.
type StaffMember struct {
	Name         string // the user name (pejling.ValidUserName)
	FullName     string // for reading; not stored
	Role         pejling.Role
	Municipality int
	Team         string
	// Demo marks the account the demo signs in as (DemoConsultant).
	Demo bool
}

// StaffID is the provisional user id of Staff[i].
func StaffID(i int) int64 { return int64(i) + 1 }

// SlotReservation is a reservation of Slots[Slot] with what happened to it. The writer
// replays the reservations in time order through the store (reserve, then confirm or
// release), so the store's capacity check sees them as a case worker would have.
type SlotReservation struct {
	Slot       int // index into Operations.Slots
	PersonID   string
	ReservedBy int64 // provisional user id
	ReservedAt time.Time
	Hold       time.Duration
	// Outcome is the status at Now: held (still within Hold), confirmed, released or
	// expired (held past Hold without being confirmed).
	Outcome pejling.ReservationStatus
	At      time.Time // when it was confirmed or released; zero otherwise
}

// ProfileOf is a citizen's job profile as saved by a case worker.
type ProfileOf struct {
	Municipality int
	Profile      pejling.Profile
	By           int64 // provisional user id
}

// FocusOf is a citizen's choice of focus themes as recorded by a case worker.
type FocusOf struct {
	Municipality int
	Focus        pejling.FocusThemes
	By           int64
}

// Conversation is the scores of one progression conversation (one person, one day).
type Conversation struct {
	Municipality int
	Scores       []pejling.ProgressionScore
}

// Operations is the operational side of the demo, in the order it is written.
type Operations struct {
	Now            time.Time
	Municipalities []int
	Staff          []StaffMember
	Companies      []pejling.CompanyRecord // OwnerID provisional
	Contacts       []pejling.CompanyContact
	ContactLog     []pejling.ContactLogEntry // UserID provisional
	Orders         []pejling.JobOrder        // whole histories; Owner and actors provisional
	Slots          []pejling.Slot            // CreatedBy provisional
	Reservations   []SlotReservation
	Profiles       []ProfileOf
	Focus          []FocusOf
	Conversations  []Conversation
	// OrderFirstRequirements are the requirements each order of Orders was taken with
	// (index by index): they differ from its Requirements when its history has an
	// edited event.
	OrderFirstRequirements []pejling.OrderRequirements
	Teams                  []TeamOf
	Caseloads              []pejling.CaseloadAssignment // UserID provisional; a person's in time order
	Goals                  []GoalOf
	Placements             []PlacementOf // operations_placements.go
}

// Rows returns the number of records of each part, by the name of its table.
func (o *Operations) Rows() map[string]int {
	events, scores := 0, 0
	for _, x := range o.Orders {
		events += len(x.History)
	}
	for _, c := range o.Conversations {
		scores += len(c.Scores)
	}
	members := 0
	for _, t := range o.Teams {
		members += len(t.Members)
	}
	rows := map[string]int{
		"users": len(o.Staff), "company_records": len(o.Companies), "company_contacts": len(o.Contacts),
		"contact_log": len(o.ContactLog), "job_orders": len(o.Orders), "job_order_events": events,
		"placement_slots": len(o.Slots), "placement_reservations": len(o.Reservations),
		"job_profiles": len(o.Profiles), "focus_themes": len(o.Focus), "progression_scores": scores,
		"teams": len(o.Teams), "team_members": members, "caseloads": len(o.Caseloads), "team_goals": len(o.Goals),
	}
	o.placementRows(rows)
	return rows
}

// The random streams of the parts; each municipality draws each part from its own.
const (
	opsStaff = iota + 1
	opsCompanies
	opsContactLog
	opsOrders
	opsSlots
	opsProfiles
	opsProgression
	opsRequirements
	opsTeams
	opsPlacements
)

func opsRand(seed int64, code, part int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)*0x9E3779B97F4A7C15+uint64(code), 0xD1B54A32D192ED03*uint64(part)))
}

// GenerateOperations draws the operational side from the data set in cfg.Data.
func GenerateOperations(cfg OperationsConfig) (*Operations, error) {
	if cfg.Now.IsZero() {
		return nil, pejling.Errorf(pejling.EINVALID, "operational demo data: the end of its history (now) is required")
	}
	codes := cfg.Municipalities
	if codes == nil {
		codes = OperationsMunicipalities
	}
	if len(codes) == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "operational demo data: no municipality")
	}
	for i, c := range codes {
		if _, ok := opsMunis[c]; !ok {
			return nil, pejling.Errorf(pejling.EINVALID, "operational demo data: municipality %d is not one of %v", c, OperationsMunicipalities)
		}
		if slices.Contains(codes[:i], c) {
			return nil, pejling.Errorf(pejling.EINVALID, "operational demo data: municipality %d is named twice", c)
		}
	}
	g := &opsGen{cfg: cfg, now: cfg.Now.UTC().Truncate(time.Minute), policy: employer.DefaultPolicy(),
		themes: employer.DefaultCatalogue()}
	g.today = pejling.UTCDay(g.now.In(g.policy.Calendar.Location()))
	reg, err := readOpsRegister(cfg.Data, codes, g.today)
	if err != nil {
		return nil, fmt.Errorf("operational demo data: %w", err)
	}
	g.ops = &Operations{Now: g.now}
	var drawn []*opsMuniState
	for _, code := range codes {
		m := &opsMuniState{opsMuni: opsMunis[code], reg: reg[code]}
		if len(m.reg.companies) == 0 || len(m.reg.onBenefit) < 5 {
			continue // a tiny data set: nothing to work with here
		}
		g.ops.Municipalities = append(g.ops.Municipalities, code)
		// One function per part, in the order the parts depend on each other.
		g.staff(m)
		g.companies(m)
		g.contactLog(m)
		g.orders(m)
		g.profiles(m)
		g.slots(m)
		g.progression(m)
		g.orderRequirements(m)
		g.teams(m)
		drawn = append(drawn, m)
	}
	// Parts that add staff run after every municipality's others, so no user id moves.
	for _, m := range drawn {
		g.placements(m)
	}
	if len(g.ops.Municipalities) == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "operational demo data: the data set has too few persons on benefit in %v; generate more persons", codes)
	}
	return g.ops, nil
}

// opsGen holds what the parts share.
type opsGen struct {
	cfg    OperationsConfig
	now    time.Time
	today  pejling.Date // in Copenhagen
	policy *employer.Policy
	themes *employer.Catalogue
	ops    *Operations
}

// opsMuniState is one municipality while it is drawn: the register and the staff and
// records drawn so far.
type opsMuniState struct {
	opsMuni
	reg         *opsRegister
	consultants []int64 // provisional user ids
	caseWorkers []int64
	team        map[int64]string
	companies   []int // indexes into reg.companies with a record
	profiled    []int // indexes into reg.onBenefit with a profile
}

func (g *opsGen) rand(m *opsMuniState, part int) *rand.Rand { return opsRand(g.cfg.Seed, m.code, part) }

// staff draws the municipality's consultants and case workers: more in a larger
// municipality, from 4 to 8 of each. The demo consultant is the first consultant of the
// first municipality.
func (g *opsGen) staff(m *opsMuniState) {
	r := g.rand(m, opsStaff)
	n := min(8, max(4, len(m.reg.onBenefit)/1500))
	m.team = map[int64]string{}
	taken := map[string]bool{}
	for _, s := range g.ops.Staff {
		taken[s.Name] = true
	}
	add := func(role pejling.Role, team string, demo bool) {
		var name, full string
		for {
			given, sur := givenNames[r.IntN(len(givenNames))], surnames[r.IntN(len(surnames))]
			full = given + " " + sur
			name = asciiName(given) + "." + asciiName(sur) + "." + m.tag
			if demo {
				name = DemoConsultant
			}
			if !taken[name] {
				break
			}
		}
		taken[name] = true
		g.ops.Staff = append(g.ops.Staff, StaffMember{Name: name, FullName: full, Role: role, Municipality: m.code, Team: team, Demo: demo})
		id := StaffID(len(g.ops.Staff) - 1)
		m.team[id] = team
		if role == pejling.RoleConsultant {
			m.consultants = append(m.consultants, id)
		} else {
			m.caseWorkers = append(m.caseWorkers, id)
		}
	}
	for i := range n {
		add(pejling.RoleConsultant, Teams[i%2], i == 0 && m.code == g.ops.Municipalities[0])
	}
	for i := range n {
		add(pejling.RoleCaseWorker, Teams[i%3], false)
	}
}

// asciiName folds a Danish name into the letters a user name may hold.
func asciiName(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "é", "e", "ü", "u", "ö", "oe", "ä", "ae", " ", "-").Replace(s)
}

// openMoment draws a moment within the opening hours of a working day between from and
// to (both days in Copenhagen), or the zero time if there is none.
func (g *opsGen) openMoment(r *rand.Rand, from, to time.Time) time.Time {
	cal := g.policy.Calendar
	for range 64 {
		span := to.Sub(from)
		if span <= 0 {
			return time.Time{}
		}
		t := from.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Minute)
		if cal.IsOpen(t) && !t.After(g.now) {
			return t.UTC()
		}
	}
	return time.Time{}
}

// afterOpening returns the moment d of opening time after t.
func (g *opsGen) afterOpening(t time.Time, d time.Duration) time.Time {
	return g.policy.Calendar.AddOpeningHours(t, d).UTC().Truncate(time.Minute)
}

func pickID(r *rand.Rand, ids []int64) int64 { return ids[r.IntN(len(ids))] }

func pickS[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
