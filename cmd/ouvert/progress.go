package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/ouvert-dev/ouvert/internal/source"
	"github.com/ouvert-dev/ouvert/rules"
)

// The progress of a long scan on standard error (never standard output,
// which may hold the report): the engine counts, this prints. On a
// terminal one line is redrawn in place once the scan has taken
// progressDelay; in a CI log (not a terminal, or CI=true) a plain line
// comes every progressEvery. --quiet turns it off.
const (
	progressDelay   = 2 * time.Second
	progressRefresh = 500 * time.Millisecond
	progressEvery   = 30 * time.Second
)

// isTerminal reports whether w is a terminal: a character device is not
// enough (/dev/null is one).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ciLog reports whether progress lines go to a log rather than a screen.
func ciLog(e *env) bool {
	ci := e.getenv("CI")
	return ci == "true" || ci == "1" || !isTerminal(e.stderr)
}

// progressPrinter writes the lines; tick decides, so that tests drive it
// with their own clock.
type progressPrinter struct {
	w        io.Writer
	p        *source.Progress
	terminal bool
	lang     string
	start    time.Time
	last     time.Time // of the last line in a log
	drawn    bool      // a line is on the terminal
}

// startProgress prints p's progress until the returned function is called
// (which clears the terminal's line). Quiet scans print nothing.
func startProgress(e *env, quiet bool, lang string, p *source.Progress) func() {
	if quiet {
		return func() {}
	}
	pp := &progressPrinter{w: e.stderr, p: p, terminal: !ciLog(e), lang: lang, start: time.Now()}
	every := progressRefresh
	if !pp.terminal {
		every = time.Second
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				pp.tick(now)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-stopped
			pp.finish()
		})
	}
}

func (pp *progressPrinter) tick(now time.Time) {
	elapsed := now.Sub(pp.start)
	if elapsed < progressDelay {
		return
	}
	if pp.terminal {
		fmt.Fprint(pp.w, "\r\x1b[K"+pp.line(elapsed))
		pp.drawn = true
		return
	}
	if pp.last.IsZero() {
		pp.last = pp.start
	}
	if now.Sub(pp.last) >= progressEvery {
		pp.last = now
		fmt.Fprintln(pp.w, pp.line(elapsed))
	}
}

func (pp *progressPrinter) finish() {
	if pp.drawn {
		fmt.Fprint(pp.w, "\r\x1b[K")
		pp.drawn = false
	}
}

// line is "ouvert: reading the history, 12,345/45,678 blobs (27%), 5,366/5,366 files, 0:47".
func (pp *progressPrinter) line(elapsed time.Duration) string {
	s := pp.p.Snapshot()
	fr := pp.lang == "fr"
	phase := map[source.Phase]string{
		source.PhaseStart: "start", source.PhaseOpen: "open", source.PhaseLicence: "licence", source.PhaseFiles: "files",
		source.PhaseCommits: "commits", source.PhaseBlobs: "blobs", source.PhaseDone: "done",
	}[s.Phase]
	var b strings.Builder
	b.WriteString(rules.Say(pp.lang, "progress.line", "phase", rules.Say(pp.lang, "progress."+phase)))
	part := func(done, total int64, unit string) {
		if total == 0 {
			return
		}
		fmt.Fprintf(&b, ", %s/%s %s", pp.count(done), pp.count(total), unit)
		if done < total {
			pct := done * 100 / total
			if fr {
				fmt.Fprintf(&b, " (%d\u00a0%%)", pct)
			} else {
				fmt.Fprintf(&b, " (%d%%)", pct)
			}
		}
	}
	switch s.Phase {
	case source.PhaseBlobs:
		part(s.Blobs, s.BlobsTotal, "blobs")
	case source.PhaseCommits:
		part(s.Commits, s.CommitsTotal, "commits")
	}
	part(s.Files, s.FilesTotal, rules.Say(pp.lang, "progress.unit-files"))
	sec := int(elapsed.Seconds())
	fmt.Fprintf(&b, ", %d:%02d", sec/60, sec%60)
	return b.String()
}

// count writes 12345 as 12,345 (English) or 12 345 (French).
func (pp *progressPrinter) count(n int64) string {
	s := fmt.Sprint(n)
	sep := ","
	if pp.lang == "fr" {
		sep = "\u202f"
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}
