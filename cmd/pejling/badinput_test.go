package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallDataSet is a hand-written valid data set in the §9 formats.
var smallDataSet = map[string]string{
	"dataset.json": `{"as_of": "2024-12-31", "name": "small"}`,
	"benefit_spells.csv": "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n" +
		"A1,101,KTH,jobparat,2024-01-01,2024-03-31,1\n" +
		"A1,101,SDP,,2024-04-10,,0.5\n" +
		"B2,København,DGP,,2024-02-01,2024-02-29,\n",
	"activation_spells.csv": "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n" +
		"A1,101,KTH,praktik,2024-01-15,2024-02-15,30,12345678,\n" +
		"A1,101,KTH,mentor,2024-01-15,2024-03-15,2,,INT-1\n",
	"employment_spells.csv": "person_id,start_date,end_date\nB2,2024-03-01,\n",
	"companies.csv":         "cvr,name,municipality,industry,employees\n12345678,Hansen & Søn ApS,101,620100,12\n",
	"municipality_facts.csv": "municipality,year,variable,value\n101,2024,population_16_66,450000\n" +
		"101,2024,unemployment_pct,3.1\n",
	"expenditure.csv": "municipality,year,account,kind,amount_dkk\n101,2024,benefit:KTH,budget,1000000.50\n",
}

func writeDataSet(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// with returns the small data set with some files replaced (an empty replacement with
// remove=true drops the file).
func with(changes map[string]string, remove ...string) map[string]string {
	m := map[string]string{}
	for k, v := range smallDataSet {
		m[k] = v
	}
	for k, v := range changes {
		m[k] = v
	}
	for _, k := range remove {
		delete(m, k)
	}
	return m
}

func TestImportBadInputChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPejling(t, "import", "--db", db, writeDataSet(t, smallDataSet))
	before := fingerprint(t, db)

	benefitHeader := "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n"
	actHeader := "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error output
	}{
		{"NoDatasetFile", with(nil, "dataset.json"), []string{"dataset"}},
		{"UnknownColumn", with(map[string]string{"employment_spells.csv": "person_id,start_date,end_date,salary\nB2,2024-03-01,,1\n"}), []string{"employment_spells.csv", "salary"}},
		{"MissingRequiredColumn", with(map[string]string{"employment_spells.csv": "person_id,end_date\nB2,\n"}), []string{"employment_spells.csv", "start_date"}},
		{"NotADate", with(map[string]string{"activation_spells.csv": actHeader + "A1,101,KTH,mentor,2023-01-01,2023-02-30,2,,\n"}), []string{"activation_spells.csv:2:", "end_date", "2023-02-30"}},
		{"EndBeforeStart", with(map[string]string{"benefit_spells.csv": benefitHeader + "A1,101,KTH,,2024-03-01,2024-02-01,1\n"}), []string{"benefit_spells.csv:2:", "end_date"}},
		{"FractionOutOfRange", with(map[string]string{"benefit_spells.csv": benefitHeader + "A1,101,KTH,,2024-03-01,,1.5\n"}), []string{"benefit_spells.csv:2:", "fraction"}},
		{"HoursOutOfRange", with(map[string]string{"activation_spells.csv": actHeader + "A1,101,KTH,mentor,2024-01-01,2024-02-01,81,,\n"}), []string{"activation_spells.csv:2:", "hours_per_week"}},
		{"UnknownMunicipality", with(map[string]string{"benefit_spells.csv": benefitHeader + "A1,Atlantis,KTH,,2024-03-01,,1\n"}), []string{"benefit_spells.csv:2:", "municipality"}},
		{"UnknownGroup", with(map[string]string{"benefit_spells.csv": benefitHeader + "A1,101,XYZ,,2024-03-01,,1\n"}), []string{"benefit_spells.csv:2:", "benefit_group"}},
		{"PlacementWithoutCVR", with(map[string]string{"activation_spells.csv": actHeader + "A1,101,KTH,praktik,2024-01-01,2024-02-01,30,,\n"}), []string{"activation_spells.csv:2:", "cvr"}},
		{"CVRNotEightDigits", with(map[string]string{"companies.csv": "cvr,name,municipality\n1234567,X ApS,101\n"}), []string{"companies.csv:2:", "cvr"}},
		{"DuplicateKey", with(map[string]string{"benefit_spells.csv": benefitHeader + "A1,101,KTH,,2024-03-01,,1\nB1,101,KTH,,2024-03-01,,1\nA1,0101,kth,,01-03-2024,2024-04-01,1\n"}), []string{"benefit_spells.csv:4:", "duplicate of line 2"}},
		{"Latin1", with(map[string]string{"companies.csv": "cvr,name,municipality\n12345678,K\xf8benhavns Bageri,101\n"}), []string{"companies.csv:2:", "UTF-8"}},
		{"NULByte", with(map[string]string{"companies.csv": "cvr,name,municipality\n12345678,Bager\x00i,101\n"}), []string{"companies.csv:2:", "NUL"}},
		{"FormulaInjection", with(map[string]string{"companies.csv": "cvr,name,municipality\n12345678,\"=cmd|' /C calc'!A0\",101\n"}), []string{"companies.csv:2:", "formula"}},
		{"CPRNumber", with(map[string]string{"employment_spells.csv": "person_id,start_date\n010190-1234,2024-01-01\n"}), []string{"employment_spells.csv:2:", "CPR"}},
		{"OversizedLine", with(map[string]string{"companies.csv": "cvr,name,municipality\n12345678," + strings.Repeat("x", 10<<20) + ",101\n"}), []string{"companies.csv:2:", "1 MiB"}},
		{"EmptyFile", with(map[string]string{"expenditure.csv": ""}), []string{"expenditure.csv", "empty"}},
		{"UnknownFile", with(map[string]string{"benefit_spell.csv": "x\n"}), []string{"benefit_spell.csv", "unknown file"}},
		{"ErrorOnlyInLastFile", with(map[string]string{"employment_spells.csv": "person_id,start_date,end_date\nB2,2024-13-01,\n"}), []string{"employment_spells.csv:2:", "start_date"}},
		{"OlderExtract", with(map[string]string{"dataset.json": `{"as_of": "2020-01-01"}`}), []string{"older"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDataSet(t, tc.files)
			_, errOut, code := pejling(t, "import", "--quiet", "--db", db, dir)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr:\n%.2000s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("error output lacks %q:\n%.2000s", w, errOut)
				}
			}
			if len(errOut) > 20000 {
				t.Errorf("error output is %d bytes: a bad value must be shortened", len(errOut))
			}
			if after := fingerprint(t, db); after != before {
				t.Fatalf("the store changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestImportSurfaceStyles(t *testing.T) {
	// The same records in the other surface style: ';', decimal comma, DD-MM-YYYY,
	// Danish names, other column order, a BOM and CRLF line ends.
	danish := map[string]string{
		"dataset.toml": "# the same extract\nas_of = 2024-12-31\nname = \"small\"\n",
		"benefit_spells.csv": "\ufefffraction;person_id;benefit_group;municipality;match_group;start_date;end_date\r\n" +
			"1;A1;KTH;København;jobparat;01-01-2024;31-03-2024\r\n" +
			"0,5;A1;SDP;0101;;10-04-2024;\r\n" +
			";B2;DGP;101;;01-02-2024;29-02-2024\r\n",
		"activation_spells.csv": "person_id;municipality;benefit_group;activation_type;start_date;end_date;hours_per_week;cvr;intervention_id\n" +
			"A1;København;KTH;praktik;15-01-2024;15-02-2024;30,0;12345678;\n" +
			"A1;København;KTH;mentor;15-01-2024;15-03-2024;2;;INT-1\n",
		"employment_spells.csv":  "start_date;person_id;end_date\n01-03-2024;B2;\n",
		"companies.csv":          "name;cvr;municipality;industry;employees\nHansen & Søn ApS;12345678;København;620100;12\n",
		"municipality_facts.csv": "municipality;year;variable;value\nKøbenhavn;2024;population_16_66;450000\nKøbenhavn;2024;unemployment_pct;3,1\n",
		"expenditure.csv":        "municipality;year;account;kind;amount_dkk\nKøbenhavn;2024;benefit:KTH;budget;1000000,50\n",
	}
	a := filepath.Join(t.TempDir(), "a.db")
	b := filepath.Join(t.TempDir(), "b.db")
	mustPejling(t, "import", "--db", a, writeDataSet(t, smallDataSet))
	mustPejling(t, "import", "--db", b, writeDataSet(t, danish))
	if fa, fb := fingerprint(t, a), fingerprint(t, b); fa != fb {
		t.Fatalf("surface style changed the data:\n%s\n%s", fa, fb)
	}
}

func TestImportSQLInNamesIsData(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	name := `Robert'); DROP TABLE companies;-- ApS`
	mustPejling(t, "import", "--quiet", "--db", db, writeDataSet(t, with(map[string]string{
		"companies.csv": "cvr,name,municipality\n12345678,\"" + name + "\",101\n87654321,Jensen's Bøfhus,147\n",
	})))
	out := mustPejling(t, "status", "--db", db)
	if !strings.Contains(out, "companies                     2 rows") {
		t.Fatalf("status:\n%s", out)
	}
}
