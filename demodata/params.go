package demodata

import (
	"math"

	"github.com/pejling/pejling"
)

// Indices of the benefit groups, in the order of pejling.BenefitGroups.
const (
	gDGP = iota
	gAMY
	gKTH
	gUDH
	gIYD
	gSDP
	gJAF
	gRES
	gLED
	gFLX
	gREVA
	gFREVA
	gFTP
	gSUY
	nGroups
)

// toSelf is the transition to self-support (no benefit) at the end of a spell.
const toSelf = nGroups

// Indices of the standardised framework conditions a municipality is described by.
const (
	zUnemployment = iota // unemployment_pct
	zNonDanish           // non_danish_origin_pct
	zEducation           // higher_education_pct
	zIncome              // log disposable_income_dkk
	zAge65               // age65plus_pct
	nZ
)

// trans is one possible next state after a spell and its weight.
type trans struct {
	to int
	w  float64
}

// groupParams is the model of one benefit group; docs/demo-data.md has the same table.
type groupParams struct {
	code          pejling.BenefitGroup
	entry         float64 // weight of the group as the first spell of a life on public support
	median, sigma float64 // lognormal spell duration: median in days and log-sd
	maxDays       int32   // duration cap (0: none)
	longAfter     int32   // spells at least this long use nextLong (0: never)
	next          []trans // where a spell leads; toSelf is self-support
	nextLong      []trans
	reentry       float64    // probability of a later spell after self-support
	employ        float64    // probability that self-support after the spell is employment
	act           float64    // activation starts per year on the benefit, national level
	place         float64    // share of activations that are company placements, national level
	placeMix      [3]float64 // praktik, lts_privat, lts_offentlig among company placements
	otherMix      [4]float64 // vejledning, nytte, mentor, andet among other activations
	rate          float64    // expenditure in DKK per full-time person per year, 2024 level
	beta          [nZ]float64
}

// groups holds the model of every benefit group, indexed by gDGP … gSUY.
var groups = [nGroups]groupParams{
	gDGP: {code: pejling.DGP, entry: .7, median: 105, sigma: 0.9, maxDays: 730, longAfter: 730,
		next:     []trans{{gSDP, .07}, {gDGP, .07}, {gKTH, .04}, {gUDH, .02}, {gAMY, .005}, {gJAF, .01}, {gRES, .005}, {gLED, .005}, {toSelf, .775}},
		nextLong: []trans{{gKTH, .35}, {gAMY, .10}, {toSelf, .55}},
		reentry:  .85, employ: .51, act: .68, place: .30,
		placeMix: [3]float64{.30, .50, .20}, otherMix: [4]float64{.80, 0, .05, .15},
		rate: 230000, beta: [nZ]float64{.25, .05, .05, 0, -.05}},
	gAMY: {code: pejling.AMY, entry: .004, median: 150, sigma: .7,
		next:    []trans{{gKTH, .35}, {gDGP, .10}, {gSDP, .05}, {toSelf, .50}},
		reentry: .6, employ: .36, act: .60, place: .30,
		placeMix: [3]float64{.40, .40, .20}, otherMix: [4]float64{.60, .15, .10, .15},
		rate: 150000, beta: [nZ]float64{.30, .10, -.05, -.10, 0}},
	gKTH: {code: pejling.KTH, entry: .04, median: 420, sigma: 1.1,
		next: []trans{{gKTH, .04}, {gRES, .06}, {gSDP, .06}, {gUDH, .01}, {gDGP, .05}, {gLED, .02}, {gFLX, .01},
			{gFTP, .02}, {gJAF, .02}, {gREVA, .01}, {gFREVA, .02}, {gSUY, .02}, {toSelf, .66}},
		reentry: .75, employ: .33, act: .98, place: .45,
		placeMix: [3]float64{.60, .25, .15}, otherMix: [4]float64{.35, .20, .25, .20},
		rate: 170000, beta: [nZ]float64{.35, .15, -.15, -.20, 0}},
	gUDH: {code: pejling.UDH, entry: .072, median: 300, sigma: 1.0,
		next:    []trans{{gKTH, .15}, {gSUY, .08}, {gSDP, .04}, {gDGP, .04}, {gRES, .03}, {gFREVA, .02}, {gUDH, .03}, {toSelf, .61}},
		reentry: .7, employ: .21, act: 1.20, place: .40,
		placeMix: [3]float64{.65, .20, .15}, otherMix: [4]float64{.45, .15, .20, .20},
		rate: 110000, beta: [nZ]float64{.30, .10, -.15, -.15, 0}},
	gIYD: {code: pejling.IYD, entry: .04, median: 540, sigma: .9,
		next:    []trans{{gKTH, .20}, {gUDH, .06}, {gSDP, .04}, {gDGP, .05}, {gRES, .03}, {gFTP, .02}, {gSUY, .02}, {toSelf, .58}},
		reentry: .6, employ: .33, act: 1.35, place: .55,
		placeMix: [3]float64{.60, .30, .10}, otherMix: [4]float64{.45, .20, .15, .20},
		rate: 130000, beta: [nZ]float64{.20, .50, 0, -.10, 0}},
	gSDP: {code: pejling.SDP, entry: .85, median: 63, sigma: 1.15, maxDays: 1095, longAfter: 154,
		next: []trans{{gSDP, .05}, {gDGP, .05}, {gJAF, .02}, {gKTH, .02}, {toSelf, .86}},
		nextLong: []trans{{gJAF, .10}, {gRES, .05}, {gFTP, .02}, {gFLX, .02}, {gLED, .02}, {gDGP, .05}, {gKTH, .04},
			{gSDP, .02}, {toSelf, .68}},
		reentry: .8, employ: .45, act: .26, place: .35,
		placeMix: [3]float64{.90, .05, .05}, otherMix: [4]float64{.30, 0, .20, .50},
		rate: 240000, beta: [nZ]float64{.05, 0, -.10, -.05, .05}},
	gJAF: {code: pejling.JAF, entry: .002, median: 450, sigma: .7,
		next: []trans{{gLED, .08}, {gFLX, .06}, {gRES, .20}, {gFTP, .06}, {gSDP, .05}, {gKTH, .08}, {gDGP, .05},
			{gJAF, .03}, {toSelf, .39}},
		reentry: .5, employ: .30, act: .75, place: .35,
		placeMix: [3]float64{.80, .10, .10}, otherMix: [4]float64{.20, 0, .45, .35},
		rate: 170000, beta: [nZ]float64{.10, 0, -.15, -.10, .05}},
	gRES: {code: pejling.RES, entry: .006, median: 600, sigma: .6,
		next:    []trans{{gFTP, .15}, {gFLX, .08}, {gLED, .06}, {gKTH, .15}, {gRES, .20}, {gJAF, .02}, {gSDP, .03}, {toSelf, .31}},
		reentry: .4, employ: .21, act: .83, place: .40,
		placeMix: [3]float64{.75, .10, .15}, otherMix: [4]float64{.15, 0, .50, .35},
		rate: 170000, beta: [nZ]float64{.10, 0, -.20, -.15, .05}},
	gLED: {code: pejling.LED, entry: .02, median: 180, sigma: 1.0,
		next:    []trans{{gFLX, .70}, {gSDP, .06}, {gFTP, .03}, {gRES, .04}, {gLED, .02}, {toSelf, .15}},
		reentry: .5, employ: .30, act: .90, place: .45,
		placeMix: [3]float64{.50, .20, .30}, otherMix: [4]float64{.50, 0, .20, .30},
		rate: 210000, beta: [nZ]float64{0, 0, -.15, -.10, .10}},
	gFLX: {code: pejling.FLX, entry: .002, median: 1500, sigma: .9,
		next:    []trans{{gLED, .35}, {gSDP, .12}, {gFTP, .08}, {gFLX, .10}, {toSelf, .35}},
		reentry: .3, employ: .18,
		rate: 140000, beta: [nZ]float64{0, 0, -.15, -.10, .10}},
	gREVA: {code: pejling.REVA, entry: .004, median: 365, sigma: .6,
		next:    []trans{{gFLX, .08}, {gLED, .05}, {gKTH, .10}, {gDGP, .10}, {gFTP, .05}, {gSDP, .05}, {toSelf, .57}},
		reentry: .5, employ: .45, act: 1.12, place: .30,
		placeMix: [3]float64{.30, .50, .20}, otherMix: [4]float64{.70, 0, .10, .20},
		rate: 250000, beta: [nZ]float64{0, 0, -.10, 0, 0}},
	gFREVA: {code: pejling.FREVA, entry: .003, median: 120, sigma: .6,
		next:    []trans{{gREVA, .40}, {gKTH, .15}, {gRES, .10}, {gFLX, .05}, {gSDP, .05}, {toSelf, .25}},
		reentry: .5, employ: .24, act: 1.35, place: .45,
		placeMix: [3]float64{.80, .10, .10}, otherMix: [4]float64{.30, 0, .30, .40},
		rate: 170000, beta: [nZ]float64{0, 0, -.10, 0, 0}},
	gFTP: {code: pejling.FTP, entry: .02, median: 6000, sigma: .7,
		next:    []trans{{toSelf, 1}},
		reentry: 0, employ: .00,
		rate: 250000, beta: [nZ]float64{.10, 0, -.25, -.20, .15}},
	gSUY: {code: pejling.SUY, entry: .01, median: 180, sigma: .8,
		next:    []trans{{gUDH, .15}, {gKTH, .10}, {gSDP, .05}, {gDGP, .05}, {toSelf, .65}},
		reentry: .5, employ: .18,
		rate: 90000, beta: [nZ]float64{0, .10, .10, 0, 0}},
}

// meanDays is the mean of the group's (capped) duration distribution.
func (g *groupParams) meanDays() float64 {
	m := g.median * math.Exp(g.sigma*g.sigma/2)
	if g.maxDays > 0 && m > float64(g.maxDays) {
		m = float64(g.maxDays)
	}
	return m
}

// Indices of the activation types, in the order of pejling.ActivationTypes.
const (
	aPraktik = iota
	aLtsPrivat
	aLtsOffentlig
	aVejledning
	aNytte
	aMentor
	aAndet
	nActTypes
)

// actParams is the model of one activation type: lognormal duration and weekly hours.
type actParams struct {
	code          pejling.ActivationType
	median, sigma float64 // days
	min, max      int32   // days
	hours         []hoursW
}

// hoursW is a number of hours per week, in 1/10000 hours, and its weight.
type hoursW struct {
	h int32
	w float64
}

var acts = [nActTypes]actParams{
	aPraktik: {code: pejling.Praktik, median: 49, sigma: .35, min: 14, max: 91,
		hours: []hoursW{{150000, .10}, {185000, .05}, {200000, .20}, {250000, .15}, {300000, .15}, {370000, .35}}},
	aLtsPrivat: {code: pejling.LtsPrivat, median: 150, sigma: .45, min: 30, max: 365,
		hours: []hoursW{{370000, .70}, {300000, .15}, {250000, .10}, {325000, .05}}},
	aLtsOffentlig: {code: pejling.LtsOffentlig, median: 120, sigma: .40, min: 30, max: 365,
		hours: []hoursW{{370000, .70}, {300000, .15}, {250000, .10}, {225000, .05}}},
	aVejledning: {code: pejling.Vejledning, median: 42, sigma: .8, min: 1, max: 365,
		hours: []hoursW{{100000, .10}, {150000, .15}, {200000, .20}, {250000, .15}, {300000, .15}, {370000, .25}}},
	aNytte: {code: pejling.Nytte, median: 91, sigma: .5, min: 14, max: 365,
		hours: []hoursW{{370000, .50}, {200000, .30}, {250000, .20}}},
	aMentor: {code: pejling.Mentor, median: 91, sigma: .7, min: 14, max: 365,
		hours: []hoursW{{10000, .20}, {15000, .10}, {20000, .30}, {30000, .20}, {40000, .10}, {55000, .05}, {75000, .05}}},
	aAndet: {code: pejling.AndetTilbud, median: 60, sigma: .8, min: 7, max: 365,
		hours: []hoursW{{100000, .15}, {150000, .15}, {200000, .25}, {300000, .20}, {370000, .25}}},
}

// Effect sizes (standard deviations on the log or logit scale) of the seeded random
// municipality and municipality × group effects on activation.
const (
	sdActMuni        = 0.25 // activation rate, municipality level
	sdActMuniGroup   = 0.35 // activation rate, municipality × group
	sdPlaceMuni      = 0.35 // company-placement share (logit), municipality level
	sdPlaceMuniGroup = 0.65 // company-placement share (logit), municipality × group
)

// Yearly costs besides the benefits themselves, 2024 level, and the yearly index.
const (
	opsPerFullTime      = 11500 // jobcentre_operations, DKK per full-time person on benefit
	guidancePerActiveFT = 55000 // guidance_upskilling, DKK per full-time activated in vejledning, mentor, andet
	priceIndexPerYear   = 0.02  // rates are 2024 levels indexed by 2 % a year
	jobsPerCompany      = 15    // one company per this many jobs located in the municipality
	personsPerDenmark   = 1.6e6 // persons that make a data set of the real national scale
	burnInYears         = 40    // years of lives simulated before From
)
