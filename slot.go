package pejling

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SlotType says which kind of company placement a Slot offers.
type SlotType string

// The types of slot in the placement bank (DOMAIN.md §6).
const (
	SlotPraktik     SlotType = "praktik"     // virksomhedspraktik: a work-experience placement
	SlotWageSubsidy SlotType = "loentilskud" // job with wage subsidy
)

// Valid reports whether t is one of the types.
func (t SlotType) Valid() bool { return t == SlotPraktik || t == SlotWageSubsidy }

// Limits on a slot's fields; larger input is refused, not cut.
const (
	MaxSlotCapacity   = 1000
	MinSlotHours      = 1
	MaxSlotHours      = 60
	MaxSlotTitleLen   = 200  // runes
	MaxSlotTextLen    = 4000 // runes, for Description, Requirements and Expectations
	MaxSlotAddressLen = 300  // runes
	MaxSlotSkills     = 50
	MaxSlotSkillLen   = 100 // runes
	MaxPersonIDLen    = 64  // bytes
)

// Slot is a standing placement slot at a company in the placement bank (jobbørs,
// ordrebank; DOMAIN.md §6): a praktik or løntilskud place that any case worker of the
// job centre can find and reserve for a citizen. Capacity places may be taken at once;
// held and confirmed Reservations take them.
type Slot struct {
	ID           int64
	Municipality int    // the job centre's municipality; the slot is seen only there
	CVR          string // the company's 8-digit CVR number
	Type         SlotType
	Title        string
	// Occupation is the DISCO-08 unit-group code of the work (4 digits).
	Occupation  string
	Description string // what the citizen will do
	Address     string
	Location    LatLon
	// HoursPerWeek is the offered hours per week, 1–60.
	HoursPerWeek float64
	// Requirements is what the company asks for, as free text; Skills, MinEducation and
	// DrivingLicence are the parts of it the matcher uses.
	Requirements   string
	Skills         []string // normalised as Profile.Skills
	MinEducation   int      // ISCED 2011, 0–8
	DrivingLicence bool
	// Expectations are the expectation-setting notes (forventningsafstemning): what
	// the company and the citizen agreed to expect of each other, read before reserving.
	Expectations string
	Capacity     int // places, 1–1000
	// ActiveFrom and ActiveTo are the first and last day the slot may be reserved;
	// ActiveTo is Forever for a slot without an end.
	ActiveFrom Date
	ActiveTo   Date
	CreatedBy  int64 // the user's ID
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Version counts the changes of the slot, for optimistic locking: a store updates a
	// slot only if its version is still the one the change was based on.
	Version int
}

// UTCDay returns the calendar day of t in UTC, the day a slot's ActiveFrom and ActiveTo
// are compared with.
func UTCDay(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return DateOf(y, m, d)
}

// ActiveOn reports whether the slot may be reserved on day d.
func (s Slot) ActiveOn(d Date) bool { return s.ActiveFrom <= d && d <= s.ActiveTo }

// Vacancy returns the slot in the terms the matcher takes (employer.Score).
func (s Slot) Vacancy() Vacancy {
	return Vacancy{
		ID:             "slot:" + strconv.FormatInt(s.ID, 10),
		Kind:           VacancySlot,
		CVR:            s.CVR,
		Occupation:     s.Occupation,
		Skills:         append([]string(nil), s.Skills...),
		MinEducation:   s.MinEducation,
		DrivingLicence: s.DrivingLicence,
		Location:       s.Location,
		Hours:          HoursRange{Min: s.HoursPerWeek, Max: s.HoursPerWeek},
	}
}

// Validate returns an EINVALID error naming the first field of s that is missing, out
// of range or too long; nil when s can be stored. It does not look at ID, CreatedBy, the
// times or Version, which the store checks or sets.
func (s Slot) Validate() error {
	switch {
	case s.Municipality < 1 || s.Municipality > 9999:
		return Errorf(EINVALID, "a slot belongs to a municipality: code %d is out of range", s.Municipality)
	case !slotDigits(s.CVR, 8):
		return Errorf(EINVALID, "CVR number %q is not 8 digits", Clip(s.CVR))
	case !s.Type.Valid():
		return Errorf(EINVALID, "slot type %q is neither %q nor %q", Clip(string(s.Type)), SlotPraktik, SlotWageSubsidy)
	case strings.TrimSpace(s.Title) == "":
		return Errorf(EINVALID, "a slot needs a title")
	case !slotDigits(s.Occupation, 4):
		return Errorf(EINVALID, "occupation %q is not a 4-digit DISCO-08 code", Clip(s.Occupation))
	case math.IsNaN(s.HoursPerWeek) || s.HoursPerWeek < MinSlotHours || s.HoursPerWeek > MaxSlotHours:
		return Errorf(EINVALID, "hours per week must be %d–%d, not %g", MinSlotHours, MaxSlotHours, s.HoursPerWeek)
	case s.Capacity < 1 || s.Capacity > MaxSlotCapacity:
		return Errorf(EINVALID, "capacity must be 1–%d places, not %d", MaxSlotCapacity, s.Capacity)
	case s.ActiveTo < s.ActiveFrom:
		return Errorf(EINVALID, "the slot ends (%s) before it starts (%s)", s.ActiveTo, s.ActiveFrom)
	case !(s.Location.Lat >= -90 && s.Location.Lat <= 90 && s.Location.Lon >= -180 && s.Location.Lon <= 180):
		return Errorf(EINVALID, "location %g, %g is not a point on the earth", s.Location.Lat, s.Location.Lon)
	case s.MinEducation < 0 || s.MinEducation > 8:
		return Errorf(EINVALID, "minimum education %d is not an ISCED 2011 level (0–8)", s.MinEducation)
	case len(s.Skills) > MaxSlotSkills:
		return Errorf(EINVALID, "at most %d skills, not %d", MaxSlotSkills, len(s.Skills))
	}
	for _, f := range []struct {
		name, text string
		max        int
	}{
		{"title", s.Title, MaxSlotTitleLen},
		{"address", s.Address, MaxSlotAddressLen},
		{"description", s.Description, MaxSlotTextLen},
		{"requirements", s.Requirements, MaxSlotTextLen},
		{"expectation-setting notes", s.Expectations, MaxSlotTextLen},
	} {
		if err := checkSlotText(f.name, f.text, f.max); err != nil {
			return err
		}
	}
	for _, k := range s.Skills {
		if strings.TrimSpace(k) == "" || strings.ContainsAny(k, "\n\r") {
			return Errorf(EINVALID, "skill %q is empty or holds a line break", Clip(k))
		}
		if err := checkSlotText("skill", k, MaxSlotSkillLen); err != nil {
			return err
		}
	}
	return nil
}

// checkSlotText refuses text that is too long or that no database can hold verbatim:
// invalid UTF-8 and NUL. Anything else, markup and quotes included, is stored as given.
func checkSlotText(name, s string, max int) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "the %s is not valid UTF-8 text", name)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return Errorf(EINVALID, "the %s holds a NUL character", name)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Errorf(EINVALID, "the %s is %d characters long; at most %d are allowed", name, n, max)
	}
	return nil
}

func slotDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ReservationStatus is where a reservation is:
//
//	held → confirmed → released
//	  ├──→ released
//	  └──→ expired (held past ExpiresAt without being confirmed)
//
// Held and confirmed reservations take a place of the slot; held ones only until
// they expire.
type ReservationStatus string

// The statuses of a reservation.
const (
	ReservationHeld      ReservationStatus = "held"
	ReservationConfirmed ReservationStatus = "confirmed"
	ReservationReleased  ReservationStatus = "released"
	ReservationExpired   ReservationStatus = "expired"
)

// Valid reports whether s is one of the statuses.
func (s ReservationStatus) Valid() bool {
	switch s {
	case ReservationHeld, ReservationConfirmed, ReservationReleased, ReservationExpired:
		return true
	}
	return false
}

// Reservation is a place of a Slot reserved by a case worker for a citizen. A held
// reservation lapses at ExpiresAt unless it is confirmed first.
type Reservation struct {
	ID           int64
	Municipality int // the slot's
	SlotID       int64
	PersonID     string // pseudonymous; never a CPR number
	ReservedBy   int64  // the user's ID
	ReservedAt   time.Time
	ExpiresAt    time.Time
	Status       ReservationStatus
	ConfirmedAt  time.Time // zero unless confirmed
	// EndedAt is when the reservation was released or marked expired; zero before.
	EndedAt time.Time
}

// Takes reports whether the reservation takes a place of its slot at time now.
func (r Reservation) Takes(now time.Time) bool {
	return r.Status == ReservationConfirmed || (r.Status == ReservationHeld && now.Before(r.ExpiresAt))
}

// ValidPersonID returns an EINVALID error when id is not a pseudonymous person id:
// empty, too long, outside [A-Za-z0-9_.:-], or holding something shaped like a CPR
// number (HasCPRNumber), which must never enter the system.
func ValidPersonID(id string) error {
	if id == "" {
		return Errorf(EINVALID, "a person id is required")
	}
	if HasCPRNumber(id) {
		return Errorf(EINVALID, "the person id looks like a CPR number; use the pseudonymous person id, never a CPR number")
	}
	if len(id) > MaxPersonIDLen {
		return Errorf(EINVALID, "the person id is %d characters long; at most %d are allowed", len(id), MaxPersonIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == ':' || c == '-') {
			return Errorf(EINVALID, "person id %q may hold only letters A–Z, digits and _ . : -", Clip(id))
		}
	}
	return nil
}

// meanEarthRadiusKm is the mean radius of the earth (IUGG).
const meanEarthRadiusKm = 6371.0088

// DistanceKm is the great-circle (haversine) distance between p and q in kilometres:
// 2R·asin √(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2)).
func (p LatLon) DistanceKm(q LatLon) float64 {
	const rad = math.Pi / 180
	φ1, φ2 := p.Lat*rad, q.Lat*rad
	dφ, dλ := φ2-φ1, (q.Lon-p.Lon)*rad
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * meanEarthRadiusKm * math.Asin(math.Sqrt(math.Min(1, h)))
}
