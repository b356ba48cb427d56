package pejling

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The company register and contact log of the employer service (DOMAIN.md §6, issue 8):
// the job centre's own relationship with a company, kept per municipality and CVR
// number apart from the imported register (Company), which every import replaces.

// ServicePackage is the level of service a job centre has agreed with a company.
type ServicePackage string

// The service packages, most generous first. PackageNone is a company without an
// agreement: the ordinary company service.
const (
	PackageGold   ServicePackage = "gold"
	PackageSilver ServicePackage = "silver"
	PackageBronze ServicePackage = "bronze"
	PackageNone   ServicePackage = "none"
)

// ServicePackages returns every package, most generous first.
func ServicePackages() []ServicePackage {
	return []ServicePackage{PackageGold, PackageSilver, PackageBronze, PackageNone}
}

// Valid reports whether p is one of the packages.
func (p ServicePackage) Valid() bool {
	_, ok := packagePromises[p]
	return ok
}

// PackagePromise is what a service package promises the company, in the two languages
// of the app.
type PackagePromise struct {
	Danish  string
	English string
}

// packagePromises is the promise of each package. A municipality that promises
// something else changes the text here; the package names stay.
var packagePromises = map[ServicePackage]PackagePromise{
	PackageGold: {
		Danish:  "Fast navngiven konsulent; besøg hvert kvartal; svar samme arbejdsdag.",
		English: "A named consultant; a visit every quarter; an answer the same working day.",
	},
	PackageSilver: {
		Danish:  "Fast navngiven konsulent; besøg hvert halve år; svar inden for 2 arbejdsdage.",
		English: "A named consultant; a visit every six months; an answer within 2 working days.",
	},
	PackageBronze: {
		Danish:  "Virksomhedsservice efter behov; opfølgende opkald én gang om året; svar inden for 5 arbejdsdage.",
		English: "The company service on request; a follow-up call once a year; an answer within 5 working days.",
	},
	PackageNone: {
		Danish:  "Ingen serviceaftale: den almindelige virksomhedsservice.",
		English: "No service agreement: the ordinary company service.",
	},
}

// Promise returns what the package promises; the zero PackagePromise for an unknown
// package.
func (p ServicePackage) Promise() PackagePromise { return packagePromises[p] }

// SizeBand is a company's size by number of employees, in the bands of the EU's SME
// definition; empty when unknown.
type SizeBand string

// The size bands.
const (
	SizeUnknown SizeBand = ""
	SizeMicro   SizeBand = "1-9"
	SizeSmall   SizeBand = "10-49"
	SizeMedium  SizeBand = "50-249"
	SizeLarge   SizeBand = "250+"
)

// Valid reports whether b is one of the bands, the unknown one included.
func (b SizeBand) Valid() bool {
	switch b {
	case SizeUnknown, SizeMicro, SizeSmall, SizeMedium, SizeLarge:
		return true
	}
	return false
}

// SizeBandOf returns the band of a number of employees; SizeUnknown for a negative
// number (the register's "unknown") or none.
func SizeBandOf(employees int) SizeBand {
	switch {
	case employees <= 0:
		return SizeUnknown
	case employees < 10:
		return SizeMicro
	case employees < 50:
		return SizeSmall
	case employees < 250:
		return SizeMedium
	}
	return SizeLarge
}

// Limits of the company register's text fields, in characters.
const (
	MaxCompanyNameLen = 200
	MaxAddressLen     = 200
	MaxCityLen        = 100
	MaxNotesLen       = 4000
	MaxContactNameLen = 120
	MaxContactRoleLen = 120
	MaxPhoneLen       = 30
	MaxEmailLen       = 254
	MaxOutcomeLen     = 2000
	MaxNextStepLen    = 500
)

// CompanyRecord is a job centre's record of a company: the relationship of one
// municipality's job centre with the company of one CVR number. Its key is
// (Municipality, CVR). Users of another municipality never see it.
//
// Name, Industry and SizeBand may be left empty: the company's row of the imported
// register then stands in when the record is read, and FromRegister says which fields
// it gave.
type CompanyRecord struct {
	Municipality int
	CVR          string // 8 digits
	Name         string
	Address      string
	Postcode     string // 4 digits, or empty
	City         string
	Industry     string // DB07 code of 2–6 digits, or empty
	SizeBand     SizeBand
	Package      ServicePackage
	OwnerID      int64 // User.ID of the consultant who owns the relationship; 0: none
	Notes        string
	// Version counts the record's changes from 1; an update names the version it was
	// made from and is refused when another update came first (optimistic locking).
	Version   int64
	CreatedAt time.Time // UTC
	UpdatedAt time.Time // UTC

	// Register is the company's row of the imported register, nil when the CVR is not
	// in it. Read-only: filled in when the record is read.
	Register *Company
	// FromRegister says which of the fields above were empty in the record and were
	// filled in from Register when it was read.
	FromRegister RegisterFields
}

// RegisterFields names the fields of a CompanyRecord that were taken from the imported
// register because the record had none.
type RegisterFields struct {
	Name     bool
	Industry bool
	SizeBand bool // from the register's number of employees
}

// Validate returns an EINVALID error naming the first field of r that is wrong.
func (r CompanyRecord) Validate() error {
	if err := ValidMunicipalityCode(r.Municipality); err != nil {
		return err
	}
	if err := ValidCVR(r.CVR); err != nil {
		return err
	}
	for _, f := range []struct {
		field, value string
		max          int
		multiline    bool
	}{
		{"name", r.Name, MaxCompanyNameLen, false},
		{"address", r.Address, MaxAddressLen, false},
		{"city", r.City, MaxCityLen, false},
		{"notes", r.Notes, MaxNotesLen, true},
	} {
		if err := validFreeText(f.field, f.value, f.max, f.multiline); err != nil {
			return err
		}
	}
	if r.Postcode != "" && !allDigitsN(r.Postcode, 4) {
		return Errorf(EINVALID, "postcode: %q is not 4 digits", Clip(r.Postcode))
	}
	if r.Industry != "" && (len(r.Industry) < 2 || len(r.Industry) > 6 || !allDigitsN(r.Industry, len(r.Industry))) {
		return Errorf(EINVALID, "industry: %q is not a DB07 code of 2–6 digits", Clip(r.Industry))
	}
	if !r.SizeBand.Valid() {
		return Errorf(EINVALID, "size band: unknown band %q; use 1-9, 10-49, 50-249, 250+ or none", Clip(string(r.SizeBand)))
	}
	if !r.Package.Valid() {
		return Errorf(EINVALID, "service package: unknown package %q; use gold, silver, bronze or none", Clip(string(r.Package)))
	}
	if r.OwnerID < 0 {
		return Errorf(EINVALID, "owner: user id %d is not valid", r.OwnerID)
	}
	return nil
}

// CompanyContact is a person at a company whom the job centre talks to. It belongs to
// the company's record of one municipality.
type CompanyContact struct {
	ID           int64
	Municipality int
	CVR          string
	Name         string // required
	Role         string // title or role at the company
	Phone        string // digits, spaces and + - ( ); 8–15 digits
	Email        string
	CreatedAt    time.Time // UTC
	UpdatedAt    time.Time // UTC
}

// Validate returns an EINVALID error naming the first field of c that is wrong.
func (c CompanyContact) Validate() error {
	if err := ValidMunicipalityCode(c.Municipality); err != nil {
		return err
	}
	if err := ValidCVR(c.CVR); err != nil {
		return err
	}
	if strings.TrimSpace(c.Name) == "" {
		return Errorf(EINVALID, "name: the contact's name is required")
	}
	if err := validFreeText("name", c.Name, MaxContactNameLen, false); err != nil {
		return err
	}
	if err := validFreeText("role", c.Role, MaxContactRoleLen, false); err != nil {
		return err
	}
	if err := validPhone(c.Phone); err != nil {
		return err
	}
	return validEmail(c.Email)
}

// ContactChannel is how a contact with a company took place.
type ContactChannel string

// The channels of a contact.
const (
	ContactByPhone   ContactChannel = "phone"
	ContactByEmail   ContactChannel = "email"
	ContactByVisit   ContactChannel = "visit"
	ContactByMeeting ContactChannel = "meeting"
	ContactByOther   ContactChannel = "other"
)

// ContactChannels returns every channel.
func ContactChannels() []ContactChannel {
	return []ContactChannel{ContactByPhone, ContactByEmail, ContactByVisit, ContactByMeeting, ContactByOther}
}

// Valid reports whether c is one of the channels.
func (c ContactChannel) Valid() bool {
	for _, x := range ContactChannels() {
		if c == x {
			return true
		}
	}
	return false
}

// ContactTopic is what a contact with a company was about, from a fixed list so that
// "the same topic" can be recognised.
type ContactTopic string

// The topics of a contact.
const (
	TopicRecruitment ContactTopic = "recruitment"
	TopicPlacement   ContactTopic = "placement" // praktik
	TopicWageSubsidy ContactTopic = "wage_subsidy"
	TopicJobOrder    ContactTopic = "job_order"
	TopicFollowUp    ContactTopic = "follow_up"
	TopicRetention   ContactTopic = "retention"
	TopicOther       ContactTopic = "other"
)

// ContactTopics returns every topic.
func ContactTopics() []ContactTopic {
	return []ContactTopic{TopicRecruitment, TopicPlacement, TopicWageSubsidy, TopicJobOrder, TopicFollowUp, TopicRetention, TopicOther}
}

// Valid reports whether t is one of the topics.
func (t ContactTopic) Valid() bool {
	for _, x := range ContactTopics() {
		if t == x {
			return true
		}
	}
	return false
}

// ContactLogEntry is one contact with a company, in the contact log that the whole job
// centre of a municipality shares.
type ContactLogEntry struct {
	ID           int64
	Municipality int
	CVR          string
	UserID       int64     // the User.ID of who had the contact
	At           time.Time // when the contact took place, UTC
	Channel      ContactChannel
	Topic        ContactTopic
	Outcome      string // at most MaxOutcomeLen characters
	NextStep     string // at most MaxNextStepLen characters; may be empty
	NextStepDate Date   // 0: none
	CreatedAt    time.Time
}

// Validate returns an EINVALID error naming the first field of e that is wrong.
func (e ContactLogEntry) Validate() error {
	if err := ValidMunicipalityCode(e.Municipality); err != nil {
		return err
	}
	if err := ValidCVR(e.CVR); err != nil {
		return err
	}
	if e.UserID <= 0 {
		return Errorf(EINVALID, "user: who had the contact is required")
	}
	if e.At.IsZero() {
		return Errorf(EINVALID, "at: the time of the contact is required")
	}
	if !e.Channel.Valid() {
		return Errorf(EINVALID, "channel: unknown channel %q; use phone, email, visit, meeting or other", Clip(string(e.Channel)))
	}
	if !e.Topic.Valid() {
		return Errorf(EINVALID, "topic: unknown topic %q; use recruitment, placement, wage_subsidy, job_order, follow_up, retention or other", Clip(string(e.Topic)))
	}
	if err := validFreeText("outcome", e.Outcome, MaxOutcomeLen, true); err != nil {
		return err
	}
	if err := validFreeText("next step", e.NextStep, MaxNextStepLen, true); err != nil {
		return err
	}
	if e.NextStepDate < 0 || e.NextStepDate >= Forever {
		return Errorf(EINVALID, "next step date: out of range")
	}
	return nil
}

// DefaultTopicWindow is how far back a contact about the same topic by a colleague
// raises a warning before a new contact is logged, unless configured otherwise.
const DefaultTopicWindow = 14 * 24 * time.Hour

// ContactPrecheck is what a consultant sees before logging a new contact with a
// company: the latest contacts of colleagues with it, and those about the same topic
// within the window, which warn that the company may be contacted twice about one thing.
type ContactPrecheck struct {
	Recent    []ContactLogEntry // colleagues' latest contacts, newest first
	SameTopic []ContactLogEntry // colleagues' contacts about the topic within Window, newest first
	Window    time.Duration
	Warning   bool // SameTopic is not empty
}

// CompanyHistory is what a company's page shows of the company's history with one
// municipality's job centre. Counts are totals; the lists hold the newest entries, at
// most CompanyHistoryListLen each.
//
// Job orders are not here yet: the job-order part of issue 8 adds them to the history.
type CompanyHistory struct {
	Municipality int
	CVR          string
	ContactCount int
	Contacts     []ContactLogEntry // newest first
	// Placements are the municipality's activation spells at the CVR (praktik,
	// løntilskud, …) from the register, newest start first.
	PlacementCount int
	Placements     []ActivationSpell
	// Hires are employment spells that started at most HireWindowDays after the end of
	// a placement at the company, of its person, newest first. The register's
	// employment spells name no employer, so a hire is the employment that followed a
	// placement here, not a proven employment at this company.
	HireCount int
	Hires     []CompanyHire
}

// CompanyHistoryListLen is the longest list of a CompanyHistory.
const CompanyHistoryListLen = 200

// HireWindowDays is how many days after a placement's end an employment starting
// counts as a hire after the placement.
const HireWindowDays = 90

// CompanyHire is an employment that followed a placement at a company.
type CompanyHire struct {
	PersonID       string // pseudonymous
	PlacementType  ActivationType
	PlacementStart Date
	PlacementEnd   Date
	Start          Date // of the employment
	End            Date // Forever while it runs
}

// ValidCVR returns an EINVALID error unless cvr is a CVR number: 8 digits (the rule of
// the register import).
func ValidCVR(cvr string) error {
	if cvr == "" {
		return Errorf(EINVALID, "CVR: the company's CVR number is required")
	}
	if !allDigitsN(cvr, 8) {
		return Errorf(EINVALID, "CVR: %q is not 8 digits", Clip(cvr))
	}
	return nil
}

// ValidMunicipalityCode returns an EINVALID error unless m is the code of a
// municipality (1–9999): operational records belong to one, never to the national level.
func ValidMunicipalityCode(m int) error {
	if m < 1 || m > 9999 {
		return Errorf(EINVALID, "municipality: code %d is not a municipality", m)
	}
	return nil
}

// validFreeText checks a text field: at most max characters of valid UTF-8, no control
// characters (but newlines and tabs when multiline), and nothing shaped like a CPR
// number, which must never enter the system.
func validFreeText(field, s string, max int, multiline bool) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s: not valid UTF-8 text", field)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Errorf(EINVALID, "%s: %d characters; at most %d are allowed", field, n, max)
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return Errorf(EINVALID, "%s: contains a control character (U+%04X)", field, r)
		}
	}
	if HasCPRNumber(s) {
		return Errorf(EINVALID, "%s: contains what looks like a CPR number; CPR numbers must never be written here", field)
	}
	return nil
}

func validPhone(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > MaxPhoneLen {
		return Errorf(EINVALID, "phone: %d characters; at most %d are allowed", len(s), MaxPhoneLen)
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0):
		default:
			return Errorf(EINVALID, "phone: %q may hold only digits, spaces, ( ) - and a leading +", Clip(s))
		}
	}
	if digits < 8 || digits > 15 {
		return Errorf(EINVALID, "phone: %q must have 8–15 digits", Clip(s))
	}
	if HasCPRNumber(s) {
		return Errorf(EINVALID, "phone: looks like a CPR number; CPR numbers must never be written here")
	}
	return nil
}

// validEmail checks the plain shape local@domain.tld; it does not try to be RFC 5322.
func validEmail(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > MaxEmailLen {
		return Errorf(EINVALID, "email: %d characters; at most %d are allowed", len(s), MaxEmailLen)
	}
	local, domain, ok := strings.Cut(s, "@")
	bad := !ok || local == "" || domain == "" || strings.Contains(domain, "@") ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "..")
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '<' || r == '>' || r == '"' || r == ',' || r == ';' || r == '\\' {
			bad = true
		}
	}
	if bad {
		return Errorf(EINVALID, "email: %q is not an e-mail address", Clip(s))
	}
	if HasCPRNumber(s) {
		return Errorf(EINVALID, "email: contains what looks like a CPR number; CPR numbers must never be written here")
	}
	return nil
}

// allDigitsN reports whether s is n ASCII digits.
func allDigitsN(s string, n int) bool {
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

// CompanyFilter selects company records of one municipality. Zero fields select all.
type CompanyFilter struct {
	Municipality int            // required
	Text         string         // part of the CVR number, name (own or the register's), address or city
	Package      ServicePackage // "": any
	Owner        int64          // User.ID of the owning consultant; 0: any
	Limit        int            // 0: 100; at most 1000
}

// CompanyUpdate is a change to a company record: nil fields stay as they are. An empty
// Name, Industry or SizeBand lets the register's value stand in again.
type CompanyUpdate struct {
	Name     *string
	Address  *string
	Postcode *string
	City     *string
	Industry *string
	SizeBand *SizeBand
	Package  *ServicePackage
	OwnerID  *int64 // 0: no owner
	Notes    *string
}

// CompanyContactUpdate is a change to a contact person: nil fields stay as they are.
type CompanyContactUpdate struct {
	Name  *string
	Role  *string
	Phone *string
	Email *string
}

// ContactLogFilter selects entries of one municipality's contact log. Zero fields select
// all.
type ContactLogFilter struct {
	Municipality int       // required
	CVR          string    // one company
	Since        time.Time // entries at or after
	UserID       int64     // entries of one user
	Limit        int       // 0: 100; at most 1000
}
