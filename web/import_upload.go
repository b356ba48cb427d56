package web

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pejling/pejling/importer"
)

// importLimits bound what one upload may cost the server.
type importLimits struct {
	MaxUpload   int64 // bytes of all uploaded files together
	MaxUnpacked int64 // bytes a .zip may unpack to, counted while unpacking
	MaxRatio    int64 // unpacked ÷ packed size of one zip entry, once past ratioFloor
	MaxEntries  int   // entries of a .zip (folders included)
}

// defaultImportLimits: a national extract is a few GB of CSV, which zips to well under
// 1 GiB; a real CSV packs 5–30×, a zip bomb ~1000×.
var defaultImportLimits = importLimits{MaxUpload: 1 << 30, MaxUnpacked: 4 << 30, MaxRatio: 200, MaxEntries: 100}

// ratioFloor: an entry is held to MaxRatio only once it has unpacked this much, as tiny
// files of repeated text pack very well.
const ratioFloor = 1 << 20

// uploadError is an upload refused before the importer saw it: a message key, the
// status and what it is about (a file or entry name, or a number).
type uploadError struct {
	Key    string
	Detail string
	Status int
}

func (e *uploadError) Error() string { return e.Key + ": " + e.Detail }

func refuse(key, detail string) *uploadError {
	return &uploadError{Key: key, Detail: detail, Status: http.StatusBadRequest}
}

// dataSetFiles are the names a data set folder may hold (DOMAIN.md §9).
func dataSetFile(name string) bool {
	if name == "dataset.json" || name == "dataset.toml" {
		return true
	}
	for _, k := range importer.Kinds {
		if k.FileName() == name {
			return true
		}
	}
	return false
}

// osJunk are the entries archivers add on their own (Finder's __MACOSX folder and
// .DS_Store, Explorer's Thumbs.db): skipped, not refused.
func osJunk(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(name, "__MACOSX/") || base == ".DS_Store" || base == "Thumbs.db"
}

// receiveUpload streams the files of a multipart upload into dir/data (a .zip is kept
// in dir and unpacked there), never holding a file in memory, and returns the data
// set's folder and its name for the record: the zip's name without .zip, or "files".
func receiveUpload(r *http.Request, dir string, lim importLimits) (string, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", "", refuse("import.multipart", err.Error())
	}
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		return "", "", err
	}
	root, err := os.OpenRoot(data)
	if err != nil {
		return "", "", err
	}
	defer root.Close()
	var total int64
	var names []string
	zipName := ""
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", "", uploadReadError(err)
		}
		if p.FileName() == "" {
			p.Close()
			continue // a form field, not a file
		}
		name := p.FileName()
		if len(names) >= lim.MaxEntries {
			return "", "", refuse("import.entries", fmt.Sprint(lim.MaxEntries))
		}
		var f *os.File
		isZip := strings.EqualFold(path.Ext(name), ".zip")
		switch {
		case strings.ContainsAny(name, `/\`) || name == "." || name == "..":
			return "", "", refuse("import.unsafe", name)
		case isZip && (zipName != "" || len(names) > 0), !isZip && zipName != "":
			return "", "", refuse("import.mixed", name)
		case isZip:
			zipName = name
			f, err = os.OpenFile(filepath.Join(dir, "upload.zip"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		case !dataSetFile(name):
			return "", "", refuse("import.unknown", name)
		default:
			f, err = root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if errors.Is(err, fs.ErrExist) {
				return "", "", refuse("import.duplicate", name)
			}
		}
		if err != nil {
			return "", "", err
		}
		names = append(names, name)
		n, err := io.Copy(f, io.LimitReader(p, lim.MaxUpload-total+1))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		total += n
		if err != nil {
			return "", "", uploadReadError(err)
		}
		if total > lim.MaxUpload {
			return "", "", &uploadError{Key: "import.toolarge", Detail: byteSize(lim.MaxUpload), Status: http.StatusRequestEntityTooLarge}
		}
		if n == 0 {
			return "", "", refuse("import.empty", name)
		}
	}
	if len(names) == 0 {
		return "", "", refuse("import.nofile", "")
	}
	if zipName == "" {
		return data, fmt.Sprintf("%d files", len(names)), nil
	}
	if err := unzip(filepath.Join(dir, "upload.zip"), root, lim); err != nil {
		return "", "", err
	}
	return data, strings.TrimSuffix(zipName, path.Ext(zipName)), nil
}

// uploadReadError tells a body over the server's limit and a broken multipart body
// from other failures.
func uploadReadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &uploadError{Key: "import.toolarge", Detail: byteSize(mbe.Limit), Status: http.StatusRequestEntityTooLarge}
	}
	return refuse("import.multipart", err.Error())
}

// unzip unpacks the zip at name into root: the data set's files at the top, or all in
// one top folder (as Finder and Explorer make them). Every name is checked before
// anything is written, and the bytes are counted as they are unpacked — the sizes the
// zip declares are not trusted.
func unzip(name string, root *os.Root, lim importLimits) error {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return refuse("import.notzip", err.Error())
	}
	defer zr.Close()
	if len(zr.File) > lim.MaxEntries {
		return refuse("import.entries", fmt.Sprint(lim.MaxEntries))
	}
	type entry struct {
		f    *zip.File
		base string
	}
	var files []entry
	top, flat, seen := "", false, map[string]bool{}
	var declared uint64
	for _, f := range zr.File {
		n := f.Name
		if n == "" || strings.Contains(n, `\`) || strings.HasPrefix(n, "/") || strings.Contains(n, ":") {
			return refuse("import.unsafe", n)
		}
		parts := strings.Split(strings.TrimSuffix(n, "/"), "/")
		for _, p := range parts {
			if p == "" || p == "." || p == ".." {
				return refuse("import.unsafe", n)
			}
		}
		if osJunk(n) {
			continue
		}
		mode := f.Mode()
		if mode&fs.ModeSymlink != 0 || (!mode.IsRegular() && !mode.IsDir()) {
			return refuse("import.symlink", n)
		}
		if len(parts) > 2 {
			return refuse("import.nested", n)
		}
		if len(parts) == 2 || mode.IsDir() {
			if top == "" {
				top = parts[0]
			}
			if parts[0] != top || flat {
				return refuse("import.nested", n)
			}
		} else if top != "" {
			return refuse("import.nested", n)
		} else {
			flat = true
		}
		if mode.IsDir() {
			continue
		}
		base := parts[len(parts)-1]
		if !dataSetFile(base) {
			return refuse("import.unknown", n)
		}
		if seen[strings.ToLower(base)] {
			return refuse("import.duplicate", n)
		}
		seen[strings.ToLower(base)] = true
		declared += f.UncompressedSize64
		if declared > uint64(lim.MaxUnpacked) {
			return refuse("import.bomb", byteSize(lim.MaxUnpacked))
		}
		files = append(files, entry{f, base})
	}
	if len(files) == 0 {
		return refuse("import.nofile", "")
	}
	var total int64
	for _, e := range files {
		n, err := unzipEntry(e.f, root, e.base, lim.MaxUnpacked-total, lim.MaxRatio)
		total += n
		if err != nil {
			return err
		}
	}
	return nil
}

// unzipEntry writes one entry to root/base, refusing it as a bomb when it unpacks to
// more than budget bytes or past the ratio.
func unzipEntry(f *zip.File, root *os.Root, base string, budget, ratio int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, refuse("import.notzip", f.Name+": "+err.Error())
	}
	defer rc.Close()
	out, err := root.OpenFile(base, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	packed := max(int64(f.CompressedSize64), 1)
	var n int64
	buf := make([]byte, 64<<10)
	for {
		k, rerr := rc.Read(buf)
		n += int64(k)
		if n > budget || (n > ratioFloor && n/packed > ratio) {
			return n, refuse("import.bomb", f.Name)
		}
		if k > 0 {
			if _, err := out.Write(buf[:k]); err != nil {
				return n, err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return n, refuse("import.notzip", f.Name+": "+rerr.Error())
		}
	}
	if n == 0 {
		return n, refuse("import.empty", f.Name)
	}
	return n, out.Close()
}

// byteSize writes a limit for people: 1 GiB, 4 MiB, 512 B.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
