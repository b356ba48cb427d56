package importer_test

import (
	"reflect"
	"testing"

	"github.com/pejling/pejling/importer"
)

// surfaces holds one file written in both surface styles of DOMAIN.md §9: plain (`,`,
// ISO dates, codes, decimal point, LF) and Danish spreadsheet (BOM, `;`, DD-MM-YYYY,
// municipality names, decimal comma, shuffled columns, other letter case, quotes, CRLF).
type surfaces struct {
	plain, danish string
}

func TestSurfaceStylesGiveIdenticalRecords(t *testing.T) {
	t.Run("BenefitSpells", func(t *testing.T) {
		sameRecords(t, importer.ScanBenefitSpells, "benefit_spells.csv", surfaces{
			plain: "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n" +
				"p1,101,KTH,jobparat,2023-01-05,2023-03-31,0.5\n" +
				"p2,751,DGP,,2022-12-01,,1\n" +
				"p3,461,SDP,aktivitetsparat,2023-02-01,2023-02-28,\n" +
				"p4,0147,FREVA,match1,2020-02-29,2021-02-28,0.125\n",
			danish: "\xef\xbb\xbfFraction;end_date; Start_Date ;PERSON_ID;benefit_group;municipality;match_group\r\n" +
				"0,5;31-03-2023;05-01-2023;p1;kth;København;Jobparat\r\n" +
				"1;;01-12-2022;p2;dgp;Aarhus;\r\n" +
				"\r\n" +
				";28-02-2023;01-02-2023;\"p3\";SDP;\"Odense Kommune\";AKTIVITETSPARAT\r\n" +
				"\"0,125\";28-02-2021;29-02-2020;p4;Freva;frederiksberg;Match1\r\n",
		})
	})
	t.Run("ActivationSpells", func(t *testing.T) {
		sameRecords(t, importer.ScanActivationSpells, "activation_spells.csv", surfaces{
			plain: "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n" +
				"p1,101,KTH,praktik,2023-01-05,2023-03-31,18.5,12345678,iv-1\n" +
				"p2,751,DGP,vejledning,2022-12-01,2022-12-31,,,\n",
			danish: "\xef\xbb\xbfcvr;hours_per_week;intervention_id;end_date;start_date;activation_type;benefit_group;municipality;person_id\r\n" +
				"12345678;18,5;iv-1;31-03-2023;05-01-2023;Praktik;kth;København;p1\r\n" +
				";;;31-12-2022;01-12-2022;VEJLEDNING;Dgp;Århus;p2\r\n",
		})
	})
	t.Run("EmploymentSpells", func(t *testing.T) {
		sameRecords(t, importer.ScanEmploymentSpells, "employment_spells.csv", surfaces{
			plain:  "person_id,start_date,end_date\np1,2023-01-05,2023-03-31\np2,2022-12-01,\n",
			danish: "\xef\xbb\xbfEnd_Date;Start_Date;Person_Id\r\n31-03-2023;05-01-2023;p1\r\n;01-12-2022;p2\r\n",
		})
	})
	t.Run("Companies", func(t *testing.T) {
		sameRecords(t, importer.ScanCompanies, "companies.csv", surfaces{
			plain: "cvr,name,municipality,industry,employees\n" +
				"12345678,Jensen's Bøfhus,101,561010,42\n" +
				"87654321,\"Møller, Hansen & Co\",0751,,\n",
			danish: "\xef\xbb\xbfemployees;industry;municipality;name;cvr\r\n" +
				"42;561010;København;Jensen's Bøfhus;12345678\r\n" +
				";;Aarhus Kommune;Møller, Hansen & Co;\"87654321\"\r\n",
		})
	})
	t.Run("MunicipalityFacts", func(t *testing.T) {
		sameRecords(t, importer.ScanMunicipalityFacts, "municipality_facts.csv", surfaces{
			plain: "municipality,year,variable,value\n101,2023,population_16_66,432100\n751,2023,unemployment_rate,3.4\n",
			danish: "\xef\xbb\xbfVariable;Value;Year;Municipality\r\n" +
				"Population_16_66;432100;2023;København\r\nunemployment_rate;3,4;2023;Aarhus\r\n",
		})
	})
	t.Run("Expenditure", func(t *testing.T) {
		sameRecords(t, importer.ScanExpenditure, "expenditure.csv", surfaces{
			plain: "municipality,year,account,kind,amount_dkk\n101,2023,benefit:KTH,accounts,-1234.5\n751,2024,jobcentre_operations,budget,5000000\n",
			danish: "\xef\xbb\xbfamount_dkk;kind;account;year;municipality\r\n" +
				"-1234,5;Accounts;benefit:kth;2023;København\r\n5000000;BUDGET;Jobcentre_Operations;2024;Aarhus\r\n",
		})
	})
}

func sameRecords[T any](t *testing.T, scan scanFunc[T], file string, s surfaces) {
	t.Helper()
	plain := scanString(scan, file, s.plain)
	danish := scanString(scan, file, s.danish)
	noProblems(t, plain)
	noProblems(t, danish)
	if len(plain.Records) == 0 || !reflect.DeepEqual(plain.Records, danish.Records) {
		t.Errorf("the two styles differ:\nplain  %+v\ndanish %+v", plain.Records, danish.Records)
	}
}
