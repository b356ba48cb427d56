package importer

import "strconv"

// ParseDecimal reads a decimal number: an optional sign, digits, and optionally one '.'
// or ',' followed by digits. It rejects thousands separators ("1.234,5"), exponents,
// NaN, Inf, hex and numbers beyond the float64 range. The result is what
// strconv.ParseFloat gives for the same number written with '.'.
func ParseDecimal(s string) (float64, bool) { return parseDecimal(s) }

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func parseDecimal[S string | []byte](s S) (float64, bool) {
	i, neg := 0, false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		i++
	}
	var mant uint64
	nd, point, frac := 0, -1, 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			nd++
			if point >= 0 {
				frac++
			}
			if nd <= 19 {
				mant = mant*10 + uint64(c-'0')
			}
		case c == '.' || c == ',':
			if point >= 0 || nd == 0 {
				return 0, false
			}
			point = i
		default:
			return 0, false
		}
	}
	if nd == 0 || (point >= 0 && frac == 0) {
		return 0, false
	}
	// Exact fast path: a mantissa and a power of ten that are both exact as float64
	// give a correctly rounded quotient, the same as strconv's.
	if nd <= 15 && frac < len(pow10) {
		f := float64(mant) / pow10[frac]
		if neg {
			f = -f
		}
		return f, true
	}
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			b = append(b, '.')
		} else {
			b = append(b, s[i])
		}
	}
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil
}
