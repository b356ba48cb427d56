package importer

import "io"

// Record is a record as the tests see it.
type Record struct {
	Line   int
	Fields []string
	Fault  string
}

// ReadRecords reads every record of r with the CSV record reader, its line bound set to
// limit and its buffer to bufSize bytes (at least 16), and returns them with the line
// that passed the bound (0 when none did).
func ReadRecords(r io.Reader, limit, bufSize int) (recs []Record, tooLong int, err error) {
	rr := newRecordReader(r, limit, bufSize)
	for rr.next() {
		rec := Record{Line: rr.start, Fault: rr.fault}
		for _, f := range rr.fields {
			rec.Fields = append(rec.Fields, string(f))
		}
		recs = append(recs, rec)
	}
	return recs, rr.tooLong, rr.err
}
