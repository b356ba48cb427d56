package pejling

import "time"

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
)

// Valid reports whether t is one of the event types.
func (t OrderEventType) Valid() bool {
	switch t {
	case OrderCreated, OrderAcknowledge, OrderSendCandidates, OrderFill, OrderClose, OrderRenew:
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

	// Version counts the changes of the order, for optimistic locking: a store updates
	// an order only if its version is still the one the change was based on.
	Version int
	History []OrderEvent // oldest first; the first is OrderCreated
}

// Open reports whether the order is still in its flow (not filled or closed).
func (o JobOrder) Open() bool { return !o.Status.Final() }
