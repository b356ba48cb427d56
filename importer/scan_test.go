package importer_test

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

func TestScanFile(t *testing.T) {
	const valid = "p1,101,KTH,jobparat,2023-01-05,2023-03-31,1\n"
	tests := []struct {
		name    string
		input   string
		records int
		want    []string // Problem.Error() of every problem, in order
	}{
		{"EmptyFile", "", 0, []string{"benefit_spells.csv: empty file: no header row"}},
		{"OnlyBOM", "\xef\xbb\xbf", 0, []string{"benefit_spells.csv: empty file: no header row"}},
		{"OnlyBlankLines", "\n\r\n\n", 0, []string{"benefit_spells.csv: empty file: no header row"}},
		{"HeaderOnly", benefitHeader, 0, nil},
		{"HeaderOnlyNoNewline", strings.TrimSuffix(benefitHeader, "\n"), 0, nil},
		{"HeaderNamesTrimmedAnyCase", " Person_ID ; MUNICIPALITY;Benefit_Group ;start_date\np1;101;KTH;2023-01-05\n", 1, nil},
		{"OptionalColumnsLeftOut", "person_id,municipality,benefit_group,start_date\np1,101,KTH,2023-01-05\n", 1, nil},
		{"UnknownColumn", "person_id,municipality,benefit_group,start_date,foo\np1,101,KTH,2023-01-05,x\n", 0, []string{
			`benefit_spells.csv: unknown column "foo" (known: person_id, municipality, benefit_group, match_group, start_date, end_date, fraction)`}},
		{"EmptyColumnName", "person_id;municipality;benefit_group;start_date;\np1;101;KTH;2023-01-05;\n", 0, []string{
			"benefit_spells.csv: column 5 has no name (a separator at the end of the header?)"}},
		{"AllColumnProblems", "person_id,Person_ID,municipality,foo,bar\n" + valid, 0, []string{
			`benefit_spells.csv: duplicate column "person_id" (columns 1 and 2)`,
			`benefit_spells.csv: unknown column "foo" (known: person_id, municipality, benefit_group, match_group, start_date, end_date, fraction)`,
			`benefit_spells.csv: unknown column "bar" (known: person_id, municipality, benefit_group, match_group, start_date, end_date, fraction)`,
			`benefit_spells.csv: missing required column "benefit_group"`,
			`benefit_spells.csv: missing required column "start_date"`}},
		{"TooManyFields", benefitHeader + valid + "p1,101,KTH,jobparat,2023-01-05,2023-03-31,1,x\n" + valid, 2, []string{
			"benefit_spells.csv:3: 8 fields, the header has 7"}},
		{"DecimalCommaWithCommaSeparator", benefitHeader + "p1,101,KTH,jobparat,2023-01-05,2023-03-31,0,5\n", 0, []string{
			"benefit_spells.csv:2: 8 fields, the header has 7 (a decimal comma needs ; as the separator, or quotes)"}},
		{"TooFewFields", benefitHeader + "p1\n" + valid, 1, []string{"benefit_spells.csv:2: 1 field, the header has 7"}},
		{"Latin1", benefitHeader + "p1,K\xf8benhavn,KTH,,2023-01-05,,\n" + valid, 1, []string{
			`benefit_spells.csv:2: municipality K\xf8benhavn: not valid UTF-8 (is the file Latin-1? save it as UTF-8)`}},
		{"Latin1Quoted", benefitHeader + "p1,\"K\xf8benhavn\",KTH,,2023-01-05,,\n" + valid, 1, []string{
			`benefit_spells.csv:2: municipality K\xf8benhavn: not valid UTF-8 (is the file Latin-1? save it as UTF-8)`}},
		{"Latin1Header", "person_id,municipality,benefit_group,start_date,b\xf8f\n" + valid, 0, []string{
			`benefit_spells.csv:1: column name b\xf8f: not valid UTF-8 (is the file Latin-1? save it as UTF-8)`}},
		{"NULByte", benefitHeader + "p\x001,101,KTH,,2023-01-05,,\n" + valid, 1, []string{
			`benefit_spells.csv:2: person_id p\x001: contains a NUL byte`}},
		{"UTF16", "\xff\xfep\x00e\x00r\x00\n\x00", 0, []string{"benefit_spells.csv:1: the file looks like UTF-16: save it as UTF-8"}},
		{"UTF16NoBOM", "p\x00e\x00r\x00,\x00\n\x00", 0, []string{"benefit_spells.csv:1: the file looks like UTF-16: save it as UTF-8"}},
		{"UnterminatedQuote", benefitHeader + valid + "\"p1,101,KTH,,2023-01-05,,\n" + valid, 1, []string{
			`benefit_spells.csv:3: a quoted field that starts on this line is never closed (missing ")`}},
		{"BareQuote", benefitHeader + "p\"1,101,KTH,,2023-01-05,,\n" + valid, 1, []string{
			`benefit_spells.csv:2: a " inside a field that is not quoted (quote the whole field and double the ")`}},
		{"TabSeparated", "person_id\tmunicipality\tbenefit_group\tstart_date\np1\t101\tKTH\t2023-01-05\n", 0, []string{
			`benefit_spells.csv: no header row: the first line names none of the columns (known: person_id, municipality, benefit_group, match_group, start_date, end_date, fraction)`}},
		{"TabSeparatedWithKnownColumn", "fraction,person_id\tmunicipality\tbenefit_group\tstart_date\n", 0, []string{
			`benefit_spells.csv: unknown column "person_id\tmunicipality\tbenefit_group\tstart_date" (the separator must be , or ; — not a tab)`,
			`benefit_spells.csv: missing required column "person_id"`,
			`benefit_spells.csv: missing required column "municipality"`,
			`benefit_spells.csv: missing required column "benefit_group"`,
			`benefit_spells.csv: missing required column "start_date"`}},
		{"NoHeader", valid + valid, 0, []string{
			`benefit_spells.csv: no header row: the first line names none of the columns (known: person_id, municipality, benefit_group, match_group, start_date, end_date, fraction)`}},
		{"LongValueShortened", benefitHeader + "p1,101,KTH," + strings.Repeat("ø", 100) + ",2023-01-05,,\n", 0, []string{
			"benefit_spells.csv:2: match_group " + strings.Repeat("ø", 39) + "…: unknown match group (jobparat, aktivitetsparat, match1, match2, match3, or empty)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv", tt.input)
			if got.Err != nil {
				t.Fatal(got.Err)
			}
			var problems []string
			for _, p := range got.Problems {
				problems = append(problems, p.Error())
			}
			if strings.Join(problems, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got problems\n%s\nwant\n%s", strings.Join(problems, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(got.Records) != tt.records {
				t.Errorf("got %d records, want %d", len(got.Records), tt.records)
			}
		})
	}
}

// TestScanLineNumbers checks that records after multi-line quoted fields and blank lines
// keep the line they start on.
func TestScanLineNumbers(t *testing.T) {
	input := companyHeader + // 1
		"11111111,\"Første\nAnden\nTredje\",101,,\n" + // 2–4: a name with line breaks is a problem
		"22222222,\"Multi\r\nLine\",101,,\n" + // 5–6
		"\n" + // 7
		"33333333,\"Jensen \"\"Bøf\"\"\",101,,\n" + // 8
		"4444444,Short CVR,101,,\n" + // 9
		"\"55555555\",\"A;B,C\",\"101\",\"56\",\"3\"\n" // 10
	got := scanString(importer.ScanCompanies, "companies.csv", input)
	var lines []int
	for _, p := range got.Problems {
		lines = append(lines, p.Line)
	}
	if fmt.Sprint(lines) != "[2 5 9]" {
		t.Errorf("problems on lines %v, want [2 5 9]: %v", lines, got.Problems)
	}
	if fmt.Sprint(got.Lines) != "[8 10]" {
		t.Errorf("records on lines %v, want [8 10]", got.Lines)
	}
	if len(got.Records) == 2 && (got.Records[0].Name != `Jensen "Bøf"` || got.Records[1].Name != "A;B,C") {
		t.Errorf("got names %q and %q", got.Records[0].Name, got.Records[1].Name)
	}
}

// endlessLine is a header and then one line of n bytes, made as it is read so that the
// test's own memory does not hide the scanner's.
type endlessLine struct {
	header string
	n      int
}

func (e *endlessLine) Read(p []byte) (int, error) {
	if e.header != "" {
		k := copy(p, e.header)
		e.header = e.header[k:]
		return k, nil
	}
	if e.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), e.n)
	for i := range p[:k] {
		p[i] = 'a'
	}
	e.n -= k
	return k, nil
}

func TestScanLongLine(t *testing.T) {
	const size = 10 << 20
	var problems []importer.Problem
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := importer.ScanBenefitSpells(&endlessLine{header: benefitHeader, n: size}, "benefit_spells.csv",
		func(int, *pejling.BenefitSpell) { t.Error("emitted a record") },
		func(p importer.Problem) bool { problems = append(problems, p); return true })
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Error() != "benefit_spells.csv:2: line longer than 1 MiB" {
		t.Errorf("got %v, want the one problem benefit_spells.csv:2: line longer than 1 MiB", problems)
	}
	// The line is cut off at the bound: the reader holds at most 1 MiB and its growth
	// (about 2 MiB in all).
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 3<<20 {
		t.Errorf("allocated %d bytes reading a line of %d, want at most 3 MiB", alloc, size)
	}
	t.Run("ScanEnds", func(t *testing.T) {
		got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv",
			benefitHeader+strings.Repeat("x", importer.MaxLineBytes+1)+"\nbad row\n")
		if len(got.Problems) != 1 || got.Problems[0].Line != 2 {
			t.Errorf("got %v, want only the long line", got.Problems)
		}
	})
	t.Run("LongestLineFits", func(t *testing.T) {
		id := strings.Repeat("x", importer.MaxLineBytes-len(",101,KTH,,2023-01-05,,"))
		got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv", benefitHeader+id+",101,KTH,,2023-01-05,,\r\n")
		if len(got.Problems) != 1 || got.Problems[0].Reason != "longer than 64 characters" {
			t.Errorf("got %v, want the id too long, not the line", got.Problems)
		}
	})
	t.Run("UnclosedQuote", func(t *testing.T) {
		got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv",
			benefitHeader+"\"p1,101\n"+strings.Repeat("p1,101,KTH,,2023-01-05,,\n", 50000))
		if len(got.Problems) != 1 || got.Problems[0].Error() != "benefit_spells.csv:2: record longer than 1 MiB (is a quoted field never closed?)" {
			t.Errorf("got %v", got.Problems)
		}
	})
}

func TestScanProblemStops(t *testing.T) {
	input := benefitHeader + strings.Repeat("p1,101,XYZ,,2023-01-05,,\np1,101,KTH,,2023-01-05,,\n", 50)
	t.Run("AllReported", func(t *testing.T) {
		got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv", input)
		if len(got.Problems) != 50 || len(got.Records) != 50 {
			t.Errorf("got %d problems and %d records, want 50 and 50", len(got.Problems), len(got.Records))
		}
	})
	t.Run("StopAtThird", func(t *testing.T) {
		problems, records := 0, 0
		err := importer.ScanBenefitSpells(strings.NewReader(input), "benefit_spells.csv",
			func(int, *pejling.BenefitSpell) { records++ },
			func(importer.Problem) bool { problems++; return problems < 3 })
		if err != nil || problems != 3 || records != 2 {
			t.Errorf("got %d problems, %d records, error %v; want 3, 2, nil", problems, records, err)
		}
	})
	t.Run("StopInHeader", func(t *testing.T) {
		problems := 0
		err := importer.ScanBenefitSpells(strings.NewReader("a,b,c\n"), "benefit_spells.csv",
			func(int, *pejling.BenefitSpell) {}, func(importer.Problem) bool { problems++; return false })
		if err != nil || problems != 1 {
			t.Errorf("got %d problems, error %v; want 1, nil", problems, err)
		}
	})
}

type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestScanReadError(t *testing.T) {
	broken := errors.New("disk on fire")
	got := 0
	err := importer.ScanBenefitSpells(&failingReader{data: benefitHeader + "p1,101,KTH,,2023-01-05,,\n", err: broken},
		"benefit_spells.csv", func(int, *pejling.BenefitSpell) { got++ },
		func(p importer.Problem) bool { t.Errorf("problem %v", p); return true })
	if !errors.Is(err, broken) || got != 1 {
		t.Errorf("got %d records, error %v; want 1 and the read error", got, err)
	}
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		name string
		p    importer.Problem
		want string
	}{
		{"ColumnValue", importer.Problem{File: "activation_spells.csv", Line: 1043, Column: "end_date", Value: "2023-02-30", Reason: "not a date"},
			"activation_spells.csv:1043: end_date 2023-02-30: not a date"},
		{"ColumnOnly", importer.Problem{File: "benefit_spells.csv", Line: 12, Column: "person_id", Reason: "required"},
			"benefit_spells.csv:12: person_id: required"},
		{"WholeFile", importer.Problem{File: "benefit_spells.csv", Value: "foo", Reason: `unknown column "foo"`},
			`benefit_spells.csv: unknown column "foo"`},
		{"Row", importer.Problem{File: "companies.csv", Line: 7, Reason: "9 fields, the header has 5"},
			"companies.csv:7: 9 fields, the header has 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestProblemValue checks how a value is shown: control characters and bytes that are
// not UTF-8 escaped, at most 40 characters with "…" where it is cut, never inside an escape.
func TestProblemValue(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name  string
		value string
		want  string
	}{
		{"Short", "match9", "match9"},
		{"Exactly40", x(40), x(40)},
		{"Cut41", x(41), x(39) + "…"},
		{"Danish40", strings.Repeat("æ", 40), strings.Repeat("æ", 40)},
		{"Escaped", "a\tb\x00c\x7f", `a\tb\x00c\x7f`},
		{"Latin1", "K\xf8benhavn", `K\xf8benhavn`},
		{"EscapeBeforeCut", x(37) + "\t" + x(5), x(37) + `\t` + "…"},
		{"EscapeNotCut", x(38) + "\t" + x(5), x(38) + "…"},
		{"EscapeFitsWhole", x(38) + "\t", x(38) + `\t`},
		{"C1Control", "a\u0085b", `a\u0085b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv", "person_id,municipality,benefit_group,match_group,start_date\n"+
				"p1,101,KTH,\""+tt.value+"\",2023-01-05\n")
			if len(got.Problems) != 1 {
				t.Fatalf("got %v, want one problem", got.Problems)
			}
			if v := got.Problems[0].Value; v != tt.want {
				t.Errorf("got value %q, want %q", v, tt.want)
			}
		})
	}
}

func TestKind(t *testing.T) {
	want := []string{"companies.csv", "municipality_facts.csv", "expenditure.csv", "benefit_spells.csv", "activation_spells.csv", "employment_spells.csv"}
	for i, k := range importer.Kinds {
		if k.FileName() != want[i] {
			t.Errorf("kind %d: FileName %q, want %q", i, k.FileName(), want[i])
		}
	}
}
