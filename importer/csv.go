package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// MaxLineBytes bounds one physical line (and one record); longer ones are a Problem and
// end the file's scan. The bound is what keeps a scan's memory fixed whatever it reads:
// no line is buffered beyond it.
const MaxLineBytes = 1 << 20

// readBufferSize is the size of the bufio buffer. Lines that fit are split in place;
// longer ones are assembled in the record buffer, up to the line bound.
const readBufferSize = 64 << 10

// Record faults that make a row bad without ending the file.
const (
	reasonBareQuote  = `a " inside a field that is not quoted (quote the whole field and double the ")`
	reasonAfterQuote = `text after the closing " of a quoted field`
	reasonUnclosed   = `a quoted field that starts on this line is never closed (missing ")`
)

// recordReader reads the records of a CSV file (RFC 4180 with , or ; as the separator)
// from a bufio.Reader, one at a time. Fields are trimmed of surrounding spaces; their
// slices are valid until the next call of next.
type recordReader struct {
	br    *bufio.Reader
	limit int  // MaxLineBytes, smaller in tests
	sep   byte // 0 until the first line is read, then ',' or ';'

	line  int // physical lines read so far
	start int // physical line where the current record starts

	fields [][]byte
	raw    []byte // the line the fields were split from; nil for a quoted record
	buf    []byte // the record when it cannot be split in the bufio buffer
	offs   []int  // field start/end pairs into buf on the quoted path
	fault  string // reason the current record is malformed, "" when it is well formed

	eof       bool
	continued bool  // reading the second or a later line of the current record
	tooLong   int   // line (of a single line) or start (of a record) that passed the bound; 0 when none did
	multiple  bool  // the one passing the bound is a record of several lines
	err       error // I/O error of the underlying reader
}

// newRecordReader returns a reader of records of at most limit bytes, reading through a
// buffer of bufSize bytes (tests make both small to reach every path with small inputs).
func newRecordReader(r io.Reader, limit, bufSize int) *recordReader {
	return &recordReader{br: bufio.NewReaderSize(r, bufSize), limit: limit}
}

// next reads the next record that is not empty. It returns false at the end of the
// file, on an I/O error (rr.err) and when a line or record passes the bound (rr.tooLong).
// A malformed record is returned with rr.fault set.
func (rr *recordReader) next() bool {
	for {
		if rr.eof || rr.tooLong > 0 || rr.err != nil {
			return false
		}
		rr.buf = rr.buf[:0]
		rr.fault = ""
		rr.continued = false
		line, ok := rr.readLine()
		if !ok {
			return false
		}
		rr.start = rr.line
		if rr.line == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		if len(line) == 0 {
			continue
		}
		if rr.sep == 0 {
			rr.sep = detectSeparator(line)
		}
		if bytes.IndexByte(line, '"') < 0 {
			rr.raw = line
			rr.split(line)
		} else {
			rr.raw = nil
			if len(rr.buf) == 0 {
				rr.appendBuf(line)
			} else {
				// The line was assembled in buf; a leading BOM may still be in it.
				rr.buf = rr.buf[len(rr.buf)-len(line):]
			}
			if !rr.parseQuoted() {
				return false
			}
		}
		if rr.fault == "" && allEmpty(rr.fields) {
			continue
		}
		return true
	}
}

var bom = []byte("\xef\xbb\xbf")

// readLine returns the next physical line without its line end, and false when there
// is none. A line that fits the bufio buffer is returned in it; a longer one is
// appended to rr.buf (and returned as that tail), never beyond rr.limit bytes of record.
func (rr *recordReader) readLine() ([]byte, bool) {
	chunk, err := rr.br.ReadSlice('\n')
	switch {
	case err == nil || (err == io.EOF && len(chunk) > 0):
		rr.eof = err == io.EOF
		rr.line++
		line := trimLineEnd(chunk)
		if len(rr.buf)+len(line) > rr.limit {
			rr.setTooLong()
			return nil, false
		}
		return line, true
	case err == io.EOF:
		rr.eof = true
		return nil, false
	case !errors.Is(err, bufio.ErrBufferFull):
		rr.err = err
		return nil, false
	}
	// A long line: assemble it in buf, checking the bound before each append.
	base := len(rr.buf)
	rr.line++
	for {
		content := len(chunk)
		final := err != bufio.ErrBufferFull
		if final {
			content = len(trimLineEnd(chunk))
		} else if chunk[len(chunk)-1] == '\r' {
			content-- // perhaps the first half of a CRLF
		}
		if len(rr.buf)+content > rr.limit {
			rr.setTooLong()
			return nil, false
		}
		if final {
			rr.appendBuf(chunk[:content])
			if content == 0 && len(chunk) == 1 && len(rr.buf) > base && rr.buf[len(rr.buf)-1] == '\r' {
				rr.buf = rr.buf[:len(rr.buf)-1] // the CRLF was split between two chunks
			}
			return rr.buf[base:], true
		}
		rr.appendBuf(chunk)
		chunk, err = rr.br.ReadSlice('\n')
		switch {
		case err == io.EOF:
			rr.eof = true
		case err != nil && !errors.Is(err, bufio.ErrBufferFull):
			rr.err = err
			return nil, false
		}
	}
}

var newline = []byte{'\n'}

// appendBuf appends b to the record buffer, growing it by doubling but never past the
// bound (plus the byte of a CR that may yet prove part of a line end), so that reading
// a line of any length allocates about twice the bound at most.
func (rr *recordReader) appendBuf(b []byte) {
	if need := len(rr.buf) + len(b); need > cap(rr.buf) {
		c := min(max(2*cap(rr.buf), need, 512), rr.limit+1)
		c = max(c, need)
		buf := make([]byte, len(rr.buf), c)
		copy(buf, rr.buf)
		rr.buf = buf
	}
	rr.buf = append(rr.buf, b...)
}

func (rr *recordReader) setTooLong() {
	rr.tooLong, rr.multiple = rr.line, rr.continued
	if rr.continued {
		rr.tooLong = rr.start
	}
}

// trimLineEnd drops a trailing "\n" or "\r\n".
func trimLineEnd(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

// detectSeparator picks ';' when the header line holds more semicolons than commas
// outside quotes, and ',' otherwise.
func detectSeparator(line []byte) byte {
	commas, semicolons := 0, 0
	quoted := false
	for _, c := range line {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semicolons++
			}
		}
	}
	if semicolons > commas {
		return ';'
	}
	return ','
}

// split cuts a line without quotes into trimmed fields, in place.
func (rr *recordReader) split(line []byte) {
	rr.fields = rr.fields[:0]
	for {
		i := bytes.IndexByte(line, rr.sep)
		if i < 0 {
			rr.fields = append(rr.fields, trimSpaces(line))
			return
		}
		rr.fields = append(rr.fields, trimSpaces(line[:i]))
		line = line[i+1:]
	}
}

// States of the quoted-record parser.
const (
	atFieldStart = iota
	inUnquoted
	inQuoted
	atQuoteInQuoted // a " inside a quoted field: the closing one or the first of ""
	afterQuoted     // spaces after the closing "
)

// parseQuoted parses the record in rr.buf, reading more lines while a quoted field is
// open. Field contents are unescaped in place (they only shrink). It returns false when
// the record passes the bound or reading fails.
func (rr *recordReader) parseQuoted() bool {
	rr.offs = rr.offs[:0]
	state, w, i, begin := atFieldStart, 0, 0, 0
	for {
		b := rr.buf
		for ; i < len(b); i++ {
			c := b[i]
			switch state {
			case atFieldStart:
				switch c {
				case ' ':
					// Leading spaces are trimmed anyway, and may precede a quote.
				case '"':
					state = inQuoted
				case rr.sep:
					rr.offs = append(rr.offs, begin, w)
					begin = w
				default:
					b[w] = c
					w++
					state = inUnquoted
				}
			case inUnquoted:
				switch c {
				case rr.sep:
					rr.offs = append(rr.offs, begin, w)
					begin, state = w, atFieldStart
				case '"':
					rr.setFault(reasonBareQuote)
					fallthrough
				default:
					b[w] = c
					w++
				}
			case inQuoted:
				if c == '"' {
					state = atQuoteInQuoted
				} else {
					b[w] = c
					w++
				}
			case atQuoteInQuoted, afterQuoted:
				switch {
				case c == '"' && state == atQuoteInQuoted:
					b[w] = c
					w++
					state = inQuoted
				case c == rr.sep:
					rr.offs = append(rr.offs, begin, w)
					begin, state = w, atFieldStart
				case c == ' ':
					state = afterQuoted
				default:
					rr.setFault(reasonAfterQuote)
					b[w] = c
					w++
					state = inUnquoted
				}
			}
		}
		if state != inQuoted {
			break
		}
		// A quoted field runs on to the next line, which joins the record after a "\n".
		if rr.eof {
			rr.setFault(reasonUnclosed)
			break
		}
		rr.continued = true
		if len(rr.buf)+1 > rr.limit {
			rr.setTooLong()
			return false
		}
		rr.appendBuf(newline)
		n := len(rr.buf)
		line, ok := rr.readLine()
		if !ok {
			if rr.tooLong > 0 || rr.err != nil {
				return false
			}
			rr.setFault(reasonUnclosed)
			break
		}
		if len(rr.buf) == n { // the line is in the bufio buffer, not yet in buf
			rr.appendBuf(line)
		}
	}
	rr.offs = append(rr.offs, begin, w)
	rr.fields = rr.fields[:0]
	for j := 0; j < len(rr.offs); j += 2 {
		rr.fields = append(rr.fields, trimSpaces(rr.buf[rr.offs[j]:rr.offs[j+1]]))
	}
	return true
}

// setFault keeps the first fault of a record.
func (rr *recordReader) setFault(reason string) {
	if rr.fault == "" {
		rr.fault = reason
	}
}

func trimSpaces(b []byte) []byte {
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

func allEmpty(fields [][]byte) bool {
	for _, f := range fields {
		if len(f) > 0 {
			return false
		}
	}
	return true
}
