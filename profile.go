package pejling

// Profile is what a citizen's case worker records for matching against job orders and
// placement slots (DOMAIN.md §6): what the citizen wants, can and is able to travel to.
// employer.Score explains how each field counts.
type Profile struct {
	// PersonID is the pseudonymous person id of the store; never a CPR number.
	PersonID string
	// Occupations are the wanted occupations as DISCO-08 unit-group codes (4 digits,
	// e.g. "2512" software developer); several are allowed, the best one counts.
	Occupations []string
	// Skills are normalised skill names: lower case, trimmed, single spaces.
	Skills []string
	// Education is the highest completed level of education on the ISCED 2011 scale,
	// 0 (early childhood) to 8 (doctoral).
	Education      int
	DrivingLicence bool
	Home           LatLon
	// RadiusKm is how far from Home the citizen can travel to work, as the crow flies;
	// 0 means not stated, and the matcher uses its default.
	RadiusKm float64
	// Hours is the wanted range of working hours per week.
	Hours HoursRange
}

// VacancyKind says what a Vacancy stands for.
type VacancyKind string

// The kinds of vacancy that citizens are matched against.
const (
	VacancyOrder VacancyKind = "order" // a job order (JobOrder)
	VacancySlot  VacancyKind = "slot"  // a standing praktik or løntilskud slot in the placement bank
)

// Vacancy is what a job order or a placement slot asks of a citizen, in the terms of a
// Profile, so the two can be matched in both directions.
type Vacancy struct {
	// ID identifies the order or slot within its Kind; it breaks ties between equal
	// scores, so it should be unique.
	ID   string
	Kind VacancyKind
	CVR  string // the company's CVR number; may be empty
	// Occupation is the DISCO-08 unit-group code of the job (4 digits).
	Occupation string
	// Skills are the skills asked for, normalised like Profile.Skills.
	Skills []string
	// MinEducation is the lowest ISCED 2011 level asked for; 0 asks for none.
	MinEducation int
	// DrivingLicence is a hard requirement: citizens without one are not matched.
	DrivingLicence bool
	Location       LatLon
	// Hours is the offered hours per week; Min == Max for a fixed number.
	Hours HoursRange
}

// LatLon is a point on the earth in decimal degrees (WGS 84).
type LatLon struct {
	Lat float64 // north positive
	Lon float64 // east positive
}

// HoursRange is a range of working hours per week, Min ≤ Max; the zero value means not
// stated. 37 hours is full time.
type HoursRange struct {
	Min float64
	Max float64
}
