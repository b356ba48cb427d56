package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
)

func init() {
	economicsCommands["effects"] = struct {
		summary string
		run     func(ctx context.Context, env *Env, args []string) error
	}{"effect per 100,000 kr. and self-support 6 months after, per intervention", runEconomicsEffects}
}

func runEconomicsEffects(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "economics effects", "",
		"Writes the effect economics per intervention (offer or supplier: the intervention_id\n"+
			"of activation spells), ranked, with a recommendation (docs/economics.md):\n"+
			"participants and spells with a day in the years; the share of the spells ended in the\n"+
			"years with end + 182 ≤ as_of whose person is on no benefit on end + 182 (DOMAIN.md §8\n"+
			"self_support_rate_6m), with its 95 % Wilson interval; the cost of the years from the\n"+
			"cost file (CSV intervention_id,year,cost_dkk[,name]); and the effect per 100,000 kr.\n"+
			"= self-supported persons / (cost / 100,000). Recommendation: too few (< 20 judged\n"+
			"spells); expand (interval above the reference share of all activation and effect ≥\n"+
			"the median); close (interval below and effect < median); review (interval below\n"+
			"otherwise); keep (anything else). Progression: the mean change of the focus-theme\n"+
			"score between the first and last conversation scored during the intervention in the\n"+
			"years (the store's progression scores), with its 95 % t-interval; < 5 measured: too few.")
	cfg.dbFlag(fs, env)
	costsPath := fs.String("costs", "", "cost file, CSV intervention_id,year,cost_dkk[,name] (required)")
	muni := fs.String("municipality", "", "only activation spells of this municipality: code or name; empty: all")
	fromYear := fs.Int("from", 0, "first calendar year, YYYY (default: the first year of the cost file)")
	toYear := fs.Int("to", 0, "last calendar year, YYYY (default: the last year of the cost file)")
	format := fs.String("format", "table", "table, csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *costsPath == "" {
		fs.Usage()
		return errUsage
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give table, csv or json", pejling.Clip(*format))
	}
	m := 0
	if *muni != "" && *muni != "all" {
		code, ok := dk.LookupMunicipality(*muni)
		if !ok {
			return pejling.Errorf(pejling.EINVALID, "--municipality %q: not a municipality code or name", pejling.Clip(*muni))
		}
		m = code
	}
	costs, err := readEffectCosts(*costsPath)
	if err != nil {
		return err
	}
	first, last := *fromYear, *toYear
	for _, c := range costs {
		if *fromYear == 0 && (first == 0 || c.Year < first) {
			first = c.Year
		}
		if *toYear == 0 && c.Year > last {
			last = c.Year
		}
	}
	if first == 0 || last == 0 {
		return pejling.Errorf(pejling.EINVALID, "give --from and --to: the cost file has no rows to take the years from")
	}
	for _, y := range []int{first, last} {
		if y < 1900 || y > 2100 {
			return pejling.Errorf(pejling.EINVALID, "year %d: give --from and --to as YYYY, 1900–2100", y)
		}
	}
	if last < first {
		return pejling.Errorf(pejling.EINVALID, "--to %d is before --from %d", last, first)
	}

	report, err := effectsFrom(ctx, cfg.DB, m, first, last, costs)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return writeEffectsJSON(env, report)
	case "csv":
		return writeEffectsCSV(env, report)
	}
	return writeEffectsTable(env, report)
}

func readEffectCosts(path string) ([]economics.InterventionCost, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "cost file: %v", err)
	}
	defer f.Close()
	return economics.ReadInterventionCosts(filepath.Base(path), f)
}

// effectsFrom streams the persons of the store at path through an EffectEstimator (as
// sqldb.DB.Survival does), starting over when an import commits meanwhile.
func effectsFrom(ctx context.Context, path string, muni, firstYear, lastYear int, costs []economics.InterventionCost) (economics.EffectReport, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return economics.EffectReport{}, err
	}
	defer db.Close()
	e, err := economics.EffectsOfRegister(ctx, db, func(asOf pejling.Date) economics.EffectOptions {
		return economics.EffectOptions{AsOf: asOf, Municipality: muni,
			First: pejling.DateOf(firstYear, time.January, 1), Last: pejling.DateOf(lastYear, time.December, 31)}
	})
	if err != nil {
		return economics.EffectReport{}, err
	}
	r := e.Report(costs, firstYear, lastYear)
	scores, focus, err := progressionOfStore(ctx, db, muni)
	if err != nil {
		return r, err
	}
	return r, r.AddProgression(scores, focus, employer.DefaultCatalogue())
}

// progressionOfStore reads the progression scores and focus themes of a municipality,
// or of every municipality for 0.
func progressionOfStore(ctx context.Context, db *sqldb.DB, muni int) ([]pejling.ProgressionScore, []pejling.FocusThemes, error) {
	codes := []int{muni}
	if muni == 0 {
		codes = codes[:0]
		for _, m := range dk.Municipalities() {
			codes = append(codes, m.Code)
		}
	}
	var scores []pejling.ProgressionScore
	var focus []pejling.FocusThemes
	for _, m := range codes {
		s, err := db.FindAllProgressionScores(ctx, m)
		if err != nil {
			return nil, nil, err
		}
		f, err := db.FindAllFocusThemes(ctx, m)
		if err != nil {
			return nil, nil, err
		}
		scores, focus = append(scores, s...), append(focus, f...)
	}
	return scores, focus, nil
}

// effectsHeader are the CSV columns; effectsFields gives a row's fields in this order,
// an empty value as an empty field.
var effectsHeader = []string{"rank", "intervention_id", "name", "participants", "spells", "judged_spells",
	"self_supported_spells", "self_supported_persons", "self_support_share", "share_lower", "share_upper",
	"cost_dkk", "effect_per_100000_dkk", "progression_persons", "progression_measured", "progression_change",
	"progression_lower", "progression_upper", "recommendation", "note"}

func effectsFields(x economics.InterventionEffect, digits int) []string {
	f := func(v float64, ok bool) string {
		if !ok {
			return ""
		}
		if digits < 0 {
			return formatFloat(v)
		}
		return strconv.FormatFloat(v, 'f', digits, 64)
	}
	s := x.SelfSupport
	prog := []string{"", "", "", "", ""}
	if p := x.Progression; p != nil {
		prog = []string{strconv.Itoa(p.Persons), strconv.Itoa(p.N), f(p.MeanChange, !p.TooFew), f(p.Lower, !p.TooFew), f(p.Upper, !p.TooFew)}
	}
	return slices.Concat([]string{strconv.Itoa(x.Rank), x.InterventionID, x.Name, strconv.Itoa(x.Participants), strconv.Itoa(x.Spells),
		strconv.Itoa(s.Judged), strconv.Itoa(s.SelfSupported), strconv.Itoa(x.SelfSupportedPersons),
		f(s.Share, s.Valid), f(s.Lower, s.Valid), f(s.Upper, s.Valid), f(x.CostDKK, x.CostKnown),
		f(x.EffectPer100k, x.EffectValid)}, prog, []string{x.Recommendation, x.Note})
}

func effectsReferenceRow(r economics.EffectReport) economics.InterventionEffect {
	return economics.InterventionEffect{InterventionID: "all", Name: "all activation (reference)",
		Participants: r.RefPersons, Spells: r.RefSpells, SelfSupport: r.Reference,
		Note: "reference: every activation spell of the municipality, with or without an intervention id"}
}

func effectsMunicipality(r economics.EffectReport) string {
	if r.Options.Municipality == 0 {
		return "all"
	}
	return strconv.Itoa(r.Options.Municipality)
}

func writeEffectsCSV(env *Env, r economics.EffectReport) error {
	w := csv.NewWriter(env.Stdout)
	w.Write(effectsHeader)
	for _, x := range r.Interventions {
		w.Write(effectsFields(x, -1))
	}
	ref := effectsFields(effectsReferenceRow(r), -1)
	ref[0] = ""
	w.Write(ref)
	w.Flush()
	return w.Error()
}

func writeEffectsTable(env *Env, r economics.EffectReport) error {
	out := env.Stdout
	fmt.Fprintf(out, "Effect economics per intervention — municipality %s, %d–%d, as_of %s\n",
		effectsMunicipality(r), r.FirstYear, r.LastYear, r.Options.AsOf)
	if r.Reference.Valid {
		fmt.Fprintf(out, "Reference: all activation, %d of %d judged spells in self-support 6 months after = %.3f [%.3f, %.3f]\n",
			r.Reference.SelfSupported, r.Reference.Judged, r.Reference.Share, r.Reference.Lower, r.Reference.Upper)
	} else {
		fmt.Fprintln(out, "Reference: no activation spell could be judged")
	}
	if r.MedianValid {
		fmt.Fprintf(out, "Median effect: %.2f self-supported persons per 100,000 kr.\n\n", r.MedianEffect)
	} else {
		fmt.Fprint(out, "Median effect: none (no intervention with a cost and enough judged spells)\n\n")
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tintervention\tname\tpersons\tspells\tjudged\tself-supp.\tshare [95 % CI]\tcost kr.\teffect/100k kr.\tprogression\trecommendation")
	for _, x := range r.Interventions {
		s := x.SelfSupport
		share := ""
		if s.Valid {
			share = fmt.Sprintf("%.3f [%.3f, %.3f]", s.Share, s.Lower, s.Upper)
		}
		cost, eff := "", ""
		if x.CostKnown {
			cost = strconv.FormatFloat(x.CostDKK, 'f', 0, 64)
		}
		if x.EffectValid {
			eff = strconv.FormatFloat(x.EffectPer100k, 'f', 2, 64)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", x.Rank, x.InterventionID, x.Name,
			x.Participants, x.Spells, s.Judged, s.SelfSupported, share, cost, eff, effectsProgressionText(x.Progression), x.Recommendation)
	}
	tw.Flush()
	fmt.Fprintln(out, "\nWhy:")
	for _, x := range r.Interventions {
		fmt.Fprintf(out, "  %s: %s\n", x.InterventionID, x.Note)
	}
	fmt.Fprintln(out, "\nNotes:")
	for _, n := range r.Notes {
		fmt.Fprintf(out, "  - %s\n", n)
	}
	return nil
}

// effectsProgressionText is the table's progression cell: the mean change with its
// interval, "too few (n)" or empty.
func effectsProgressionText(p *economics.EffectProgression) string {
	switch {
	case p == nil:
		return ""
	case p.TooFew:
		return fmt.Sprintf("too few (%d)", p.N)
	}
	return fmt.Sprintf("%+.2f [%+.2f, %+.2f] n=%d", p.MeanChange, p.Lower, p.Upper, p.N)
}

// effectsProgressionJSON is the progression of a row in the JSON output.
type effectsProgressionJSON struct {
	Persons    int      `json:"persons"`
	Measured   int      `json:"measured"`
	TooFew     bool     `json:"too_few"`
	MeanChange *float64 `json:"mean_change"`
	Lower      *float64 `json:"lower"`
	Upper      *float64 `json:"upper"`
}

func writeEffectsJSON(env *Env, r economics.EffectReport) error {
	type share struct {
		Judged        int      `json:"judged_spells"`
		SelfSupported int      `json:"self_supported_spells"`
		Share         *float64 `json:"share"`
		Lower         *float64 `json:"lower"`
		Upper         *float64 `json:"upper"`
	}
	type row struct {
		Rank                 int                     `json:"rank"`
		ID                   string                  `json:"intervention_id"`
		Name                 string                  `json:"name"`
		Participants         int                     `json:"participants"`
		Spells               int                     `json:"spells"`
		SelfSupport          share                   `json:"self_support_6m"`
		SelfSupportedPersons int                     `json:"self_supported_persons"`
		Cost                 *float64                `json:"cost_dkk"`
		Effect               *float64                `json:"effect_per_100000_dkk"`
		Progression          *effectsProgressionJSON `json:"progression"`
		Recommendation       string                  `json:"recommendation"`
		Note                 string                  `json:"note"`
	}
	opt := func(v float64, ok bool) *float64 {
		if !ok {
			return nil
		}
		return &v
	}
	mkShare := func(s economics.EffectShare) share {
		return share{s.Judged, s.SelfSupported, opt(s.Share, s.Valid), opt(s.Lower, s.Valid), opt(s.Upper, s.Valid)}
	}
	out := struct {
		Municipality string   `json:"municipality"`
		FromYear     int      `json:"from_year"`
		ToYear       int      `json:"to_year"`
		AsOf         string   `json:"as_of"`
		Reference    share    `json:"reference_self_support_6m"`
		RefPersons   int      `json:"reference_participants"`
		RefSpells    int      `json:"reference_spells"`
		Median       *float64 `json:"median_effect_per_100000_dkk"`
		Rows         []row    `json:"interventions"`
		Notes        []string `json:"notes"`
	}{effectsMunicipality(r), r.FirstYear, r.LastYear, r.Options.AsOf.String(), mkShare(r.Reference),
		r.RefPersons, r.RefSpells, opt(r.MedianEffect, r.MedianValid), []row{}, r.Notes}
	for _, x := range r.Interventions {
		var prog *effectsProgressionJSON
		if p := x.Progression; p != nil {
			prog = &effectsProgressionJSON{p.Persons, p.N, p.TooFew, opt(p.MeanChange, !p.TooFew), opt(p.Lower, !p.TooFew), opt(p.Upper, !p.TooFew)}
		}
		out.Rows = append(out.Rows, row{x.Rank, x.InterventionID, x.Name, x.Participants, x.Spells, mkShare(x.SelfSupport),
			x.SelfSupportedPersons, opt(x.CostDKK, x.CostKnown), opt(x.EffectPer100k, x.EffectValid), prog,
			x.Recommendation, x.Note})
	}
	return json.NewEncoder(env.Stdout).Encode(out)
}
