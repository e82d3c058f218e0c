package audit

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ouvert-dev/ouvert/internal/source"
)

// ErrInput marks errors in what the user gave: a list that cannot be
// read, a bad line, an accounts file that is not one.
var ErrInput = errors.New("bad input")

// maxList caps a list file: a list of repositories is small, and a huge
// file given by mistake must not fill the memory.
const maxList = 64 << 20

// ReadList reads a list of repositories: one URL per line, with blank
// lines and lines starting with # ignored; or CSV whose header row has a
// "url" column (and maybe a "name" one). name is for messages.
func ReadList(r io.Reader, name string) ([]Target, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxList+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxList {
		return nil, fmt.Errorf("%s: larger than %d MiB: %w", name, maxList>>20, ErrInput)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if isCSV(data) {
		return readCSV(data, name)
	}
	var ts []Target
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		t, err := listed(line, "", name)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		ts = append(ts, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, err, ErrInput)
	}
	return ts, nil
}

// isCSV: the first line that is not a comment names a "url" column.
func isCSV(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rec, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil {
			return false
		}
		for _, f := range rec {
			if strings.EqualFold(strings.TrimSpace(f), "url") {
				return true
			}
		}
		return false
	}
	return false
}

func readCSV(data []byte, name string) ([]Target, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, err, ErrInput)
	}
	urlCol, nameCol := -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "url":
			urlCol = i
		case "name":
			nameCol = i
		}
	}
	var ts []Target
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return ts, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w: %w", name, err, ErrInput)
		}
		if urlCol >= len(rec) || strings.TrimSpace(rec[urlCol]) == "" {
			return nil, fmt.Errorf("%s:%d: no url in this row: %w", name, line, ErrInput)
		}
		display := ""
		if nameCol >= 0 && nameCol < len(rec) {
			display = strings.TrimSpace(rec[nameCol])
		}
		t, err := listed(strings.TrimSpace(rec[urlCol]), display, name)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		ts = append(ts, t)
	}
}

// listed makes the target of a URL named in a list or on the command line.
func listed(raw, display, from string) (Target, error) {
	if isLocalPath(raw) {
		return local(raw, display, from)
	}
	clean, err := source.CleanURL(raw)
	if err != nil {
		return Target{}, fmt.Errorf("%w: %w", err, ErrInput)
	}
	if display == "" {
		display = nameOf(clean)
	}
	// A token written in the URL is dropped: records and reports hold the
	// URL, and clones take their tokens from the environment.
	return Target{URL: clean, Name: display, Source: "list:" + from, Explicit: true}, nil
}

// Args makes targets of URLs given as arguments.
func Args(urls []string) ([]Target, error) {
	var ts []Target
	for _, u := range urls {
		t, err := listed(u, "", "args")
		if err != nil {
			return nil, err
		}
		t.Source = "args"
		ts = append(ts, t)
	}
	return ts, nil
}

// isLocalPath tells a path from a URL as git does: no scheme, and no colon
// before the first slash (user@host:path).
func isLocalPath(raw string) bool {
	if strings.Contains(raw, "://") || strings.Contains(raw, "::") {
		return false
	}
	slash := strings.IndexByte(raw, '/')
	colon := strings.IndexByte(raw, ':')
	return colon < 0 || (slash >= 0 && slash < colon)
}

// local makes the target of a repository on this machine, as ouvert scan
// reads it: a clone, a bare mirror, or repo/.git. A relative path is from
// the current directory. The path must be a directory; whether git can
// read it is the scan's to say, in the record.
func local(raw, display, from string) (Target, error) {
	abs, err := filepath.Abs(raw)
	if err != nil {
		return Target{}, fmt.Errorf("%s: %w: %w", raw, err, ErrInput)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Target{}, fmt.Errorf("%s: no such directory (a local repository, or a URL: https://, ssh://, file://, user@host:path): %w", raw, ErrInput)
	case err != nil:
		return Target{}, fmt.Errorf("%s: %w: %w", raw, err, ErrInput)
	case !fi.IsDir():
		return Target{}, fmt.Errorf("%s: not a directory: give a repository's directory: %w", raw, ErrInput)
	}
	if display == "" {
		display = localName(abs)
	}
	return Target{URL: abs, Name: display, Source: "list:" + from, Explicit: true}, nil
}

// localName names a local repository after its directory: budget for
// /srv/mirrors/budget.git and for ~/src/budget/.git.
func localName(abs string) string {
	base := filepath.Base(abs)
	if base == ".git" {
		base = filepath.Base(filepath.Dir(abs))
	}
	return strings.TrimSuffix(base, ".git")
}

// IsLocal reports whether a target's URL is a path on this machine.
func IsLocal(u string) bool { return filepath.IsAbs(u) && isLocalPath(u) }
