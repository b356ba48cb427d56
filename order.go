package pejling

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// OrderKind says whether a job order is for an ordinary job or a supported one (a job
// with public support: løntilskud, flexjob, …; DOMAIN.md §6).
type OrderKind string

// The kinds of job order.
const (
	OrderOrdinary  OrderKind = "ordinary"
	OrderSupported OrderKind = "supported"
)

// Valid reports whether k is one of the kinds.
func (k OrderKind) Valid() bool { return k == OrderOrdinary || k == OrderSupported }

// SupportScheme is the scheme of a supported job order; an ordinary order has none ("").
type SupportScheme string

// The support schemes of a supported job order.
const (
	SchemeWageSubsidy    SupportScheme = "loentilskud"      // job with wage subsidy
	SchemeFlexjob        SupportScheme = "flexjob"          // for reduced working capacity
	SchemeSpecialTerms   SupportScheme = "saerlige_vilkaar" // job på særlige vilkår
	SchemeOtherSupported SupportScheme = "other"
)

// Valid reports whether s is one of the schemes (the empty scheme of an ordinary order
// is not).
func (s SupportScheme) Valid() bool {
	switch s {
	case SchemeWageSubsidy, SchemeFlexjob, SchemeSpecialTerms, SchemeOtherSupported:
		return true
	}
	return false
}

// OrderChannel is how an order came in. Orders on the hotline (a phone line for
// employers who need someone quickly) are promised faster service than the others.
type OrderChannel string

// The channels of a job order.
const (
	ChannelNormal  OrderChannel = "normal"
	ChannelHotline OrderChannel = "hotline"
)

// Valid reports whether c is one of the channels.
func (c OrderChannel) Valid() bool { return c == ChannelNormal || c == ChannelHotline }

// OrderStatus is where a job order is in its flow:
//
//	new → acknowledged → candidates_sent → filled
//	  └──────┴──────────────┴────────────→ closed_unfilled (with a reason)
//
// Filled and closed_unfilled are final. employer.Transition holds the exact rules.
type OrderStatus string

// The statuses of a job order.
const (
	OrderNew            OrderStatus = "new"
	OrderAcknowledged   OrderStatus = "acknowledged"
	OrderCandidatesSent OrderStatus = "candidates_sent"
	OrderFilled         OrderStatus = "filled"
	OrderClosedUnfilled OrderStatus = "closed_unfilled"
)

// Valid reports whether s is one of the statuses.
func (s OrderStatus) Valid() bool {
	switch s {
	case OrderNew, OrderAcknowledged, OrderCandidatesSent, OrderFilled, OrderClosedUnfilled:
		return true
	}
	return false
}

// Final reports whether s ends the order's flow: filled or closed unfilled.
func (s OrderStatus) Final() bool { return s == OrderFilled || s == OrderClosedUnfilled }

// OrderEventType is what happened to a job order. Every event but OrderCreated is asked
// for through employer.Transition.
type OrderEventType string

// The events of a job order.
const (
	OrderCreated        OrderEventType = "created"
	OrderAcknowledge    OrderEventType = "acknowledged"    // the employer got an answer
	OrderSendCandidates OrderEventType = "candidates_sent" // concrete candidates proposed (may repeat)
	OrderFill           OrderEventType = "filled"          // a proposed candidate got the job
	OrderClose          OrderEventType = "closed"          // closed unfilled, with a reason
	OrderRenew          OrderEventType = "renewed"         // still wanted: restarts the untouched clock
	OrderEdit           OrderEventType = "edited"          // the requirements changed (employer.EditOrder)
)

// Valid reports whether t is one of the event types.
func (t OrderEventType) Valid() bool {
	switch t {
	case OrderCreated, OrderAcknowledge, OrderSendCandidates, OrderFill, OrderClose, OrderRenew, OrderEdit:
		return true
	}
	return false
}

// ClosingReason is why an order was closed unfilled.
type ClosingReason string

// The reasons for closing an order unfilled. ReasonOther needs a note saying what.
const (
	ReasonWithdrawn       ClosingReason = "withdrawn"        // the employer no longer needs anyone
	ReasonFilledElsewhere ClosingReason = "filled_elsewhere" // filled without the job centre
	ReasonNoCandidates    ClosingReason = "no_candidates"    // the job centre had no one suitable
	ReasonUnanswered      ClosingReason = "unanswered"       // the employer stopped answering
	ReasonOther           ClosingReason = "other"
)

// Valid reports whether r is one of the reasons.
func (r ClosingReason) Valid() bool {
	switch r {
	case ReasonWithdrawn, ReasonFilledElsewhere, ReasonNoCandidates, ReasonUnanswered, ReasonOther:
		return true
	}
	return false
}

// OrderEvent is one entry of a job order's history.
type OrderEvent struct {
	Type   OrderEventType
	At     time.Time
	Actor  int64         // the user's ID
	Reason ClosingReason // OrderClose only
	Note   string        // free text; required with ReasonOther
}

// JobOrder (jobordre) is an employer's request for staff, taken by the employer service
// of a job centre (DOMAIN.md §6). Its History is the source of the service-level clocks;
// the timestamps repeat what it says for quick reading and filtering.
type JobOrder struct {
	ID           int64
	Municipality int
	CVR          string // the company's 8-digit CVR number
	Title        string // what the employer asks for, e.g. "2 warehouse workers"
	Kind         OrderKind
	Scheme       SupportScheme // supported orders only
	Channel      OrderChannel
	Owner        int64  // ID of the consultant who owns the order
	Team         string // the owner's team when the order was taken
	Status       OrderStatus
	// ClosingReason and ClosingNote are set when the order is closed unfilled.
	ClosingReason ClosingReason
	ClosingNote   string

	CreatedAt        time.Time
	AcknowledgedAt   time.Time // first answer to the employer (zero until then)
	CandidatesSentAt time.Time // first candidates proposed (zero until then)
	ClosedAt         time.Time // filled or closed unfilled (zero while open)
	// TouchedAt is the time of the latest event: an order untouched for too long must be
	// closed or renewed (employer.Policy.UntouchedDays).
	TouchedAt time.Time

	// Requirements are what the order asks of a candidate, for matching; set when the
	// order is taken and changed by an OrderEdit event.
	Requirements OrderRequirements

	// Version counts the changes of the order, for optimistic locking: a store updates
	// an order only if its version is still the one the change was based on.
	Version int
	History []OrderEvent // oldest first; the first is OrderCreated
}

// Open reports whether the order is still in its flow (not filled or closed).
func (o JobOrder) Open() bool { return !o.Status.Final() }

// OrderRequirements are what a job order asks of a candidate, in the terms of a Profile
// (employer.Score explains how each counts). The zero value asks nothing. An order is
// matched against citizens' profiles only when it names an occupation and a place
// (Matchable): without them a ranking would rest on nothing the employer said.
type OrderRequirements struct {
	// Occupation is the DISCO-08 unit-group code of the job (4 digits); "" when not given.
	Occupation string
	// Skills are the skills asked for, normalised as Profile.Skills.
	Skills []string
	// MinEducation is the lowest ISCED 2011 level asked for, 0–8; 0 asks for none.
	MinEducation int
	// DrivingLicence is a hard requirement: citizens without one are not matched.
	DrivingLicence bool
	// Address is where the work is, as text; Location its coordinates, given when
	// HasLocation (there is no geocoder: nothing is fetched at run time).
	Address     string
	Location    LatLon
	HasLocation bool
	// Hours is the offered hours per week (Min == Max for a fixed number); zero when not
	// given.
	Hours HoursRange
}

// Matchable reports whether the order can be matched: it names an occupation and a place.
func (r OrderRequirements) Matchable() bool { return r.Occupation != "" && r.HasLocation }

// Validate returns an EINVALID error naming the first field of r that is malformed, out
// of range or too long; nil when r can be stored. The limits are the slot's (Slot).
func (r OrderRequirements) Validate() error {
	switch {
	case r.Occupation != "" && !slotDigits(r.Occupation, 4):
		return Errorf(EINVALID, "occupation %q is not a 4-digit DISCO-08 code", Clip(r.Occupation))
	case r.MinEducation < 0 || r.MinEducation > 8:
		return Errorf(EINVALID, "minimum education %d is not an ISCED 2011 level (0–8)", r.MinEducation)
	case len(r.Skills) > MaxSlotSkills:
		return Errorf(EINVALID, "at most %d skills, not %d", MaxSlotSkills, len(r.Skills))
	case r.HasLocation && !(r.Location.Lat >= -90 && r.Location.Lat <= 90 && r.Location.Lon >= -180 && r.Location.Lon <= 180):
		return Errorf(EINVALID, "location %g, %g is not a point on the earth", r.Location.Lat, r.Location.Lon)
	case !r.HasLocation && r.Location != (LatLon{}):
		return Errorf(EINVALID, "a location is given without saying so (HasLocation)")
	case math.IsNaN(r.Hours.Min) || math.IsNaN(r.Hours.Max) || r.Hours.Min < 0 || r.Hours.Max > MaxSlotHours || r.Hours.Min > r.Hours.Max:
		return Errorf(EINVALID, "hours per week must be a range within 0–%d, not %g–%g", MaxSlotHours, r.Hours.Min, r.Hours.Max)
	}
	if err := checkSlotText("address", r.Address, MaxSlotAddressLen); err != nil {
		return err
	}
	for _, k := range r.Skills {
		if strings.TrimSpace(k) == "" || strings.ContainsAny(k, "\n\r") {
			return Errorf(EINVALID, "skill %q is empty or holds a line break", Clip(k))
		}
		if err := checkSlotText("skill", k, MaxSlotSkillLen); err != nil {
			return err
		}
	}
	return nil
}

// Vacancy returns the order in the terms the matcher takes (employer.Score).
func (o JobOrder) Vacancy() Vacancy {
	r := o.Requirements
	return Vacancy{
		ID:             "order:" + strconv.FormatInt(o.ID, 10),
		Kind:           VacancyOrder,
		CVR:            o.CVR,
		Occupation:     r.Occupation,
		Skills:         append([]string(nil), r.Skills...),
		MinEducation:   r.MinEducation,
		DrivingLicence: r.DrivingLicence,
		Location:       r.Location,
		Hours:          r.Hours,
	}
}

// ServicePolicyFile is a municipality's own service-level policy for its job orders:
// the policy file (the JSON format of employer.LoadPolicy, which checks it) as it was
// saved, and who saved it when. Without one, a municipality's orders are counted in the
// default policy (employer.DefaultPolicy).
type ServicePolicyFile struct {
	Municipality int
	JSON         []byte
	SavedBy      int64
	SavedAt      time.Time
}

// MaxServicePolicyBytes bounds a policy file: a policy with every extra closed day of a
// decade is a few kilobytes.
const MaxServicePolicyBytes = 64 << 10
