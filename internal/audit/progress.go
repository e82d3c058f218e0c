package audit

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ouvert-dev/ouvert/internal/printable"
	"github.com/ouvert-dev/ouvert/rules"
)

// Progress tells on a stream (standard error) how the audit goes: on a
// terminal one line redrawn in place (done/total, failures, what is being
// scanned, time left); elsewhere, such as a CI log, a plain line every
// Every. A nil *Progress says nothing.
type Progress struct {
	// Lang is the language of the lines: "fr" or English.
	Lang string

	w        io.Writer
	terminal bool
	every    time.Duration
	now      func() time.Time

	mu       sync.Mutex
	total    int
	skipped  int // done by an earlier run (resume)
	done     int
	failed   int
	current  map[string]int
	started  time.Time
	lastLine time.Time
	drawn    bool
	stop     chan struct{}
	stopped  chan struct{}
}

// NewProgress reports to w; terminal chooses the live line. every is the
// interval of plain lines (30 seconds when zero).
func NewProgress(w io.Writer, terminal bool, every time.Duration) *Progress {
	if every <= 0 {
		every = 30 * time.Second
	}
	return &Progress{w: w, terminal: terminal, every: every, now: time.Now, current: map[string]int{}}
}

// Begin starts the count: total repositories, of which skipped were done
// by an earlier run.
func (p *Progress) Begin(total, skipped int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.total, p.skipped = total, skipped
	p.started = p.now()
	p.lastLine = p.started
	p.stop, p.stopped = make(chan struct{}), make(chan struct{})
	p.mu.Unlock()
	tick := time.Second
	if !p.terminal {
		tick = p.every
	}
	go func() {
		defer close(p.stopped)
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw(false)
				p.mu.Unlock()
			}
		}
	}()
}

// End stops the live line and writes the summary.
func (p *Progress) End(interrupted bool) {
	if p == nil || p.stop == nil {
		return
	}
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	took := p.now().Sub(p.started).Round(time.Second)
	state, tookText := "audit.state-done", took.String()
	if interrupted {
		state = "audit.state-interrupted"
	}
	if p.Lang == "fr" {
		tookText = frDuration(took)
	}
	fmt.Fprintln(p.w, rules.Say(p.Lang, "audit.finished", "state", rules.Say(p.Lang, state), "done", strconv.Itoa(p.skipped+p.done),
		"total", strconv.Itoa(p.total), "failed", strconv.Itoa(p.failed), "took", tookText))
}

// Note writes a line of its own (a rate-limit wait, a warning).
func (p *Progress) Note(s string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	fmt.Fprintln(p.w, p.prefix()+s)
	if p.stop != nil {
		p.draw(true)
	}
}

func (p *Progress) start(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current[name]++
	if p.terminal {
		p.draw(true)
	}
}

func (p *Progress) forget(name string) {
	if p.current[name]--; p.current[name] <= 0 {
		delete(p.current, name)
	}
}

func (p *Progress) finish(name string, failed bool) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.forget(name)
	p.done++
	if failed {
		p.failed++
	}
	if p.terminal {
		p.draw(true)
	}
}

// drop forgets a scan that was canceled.
func (p *Progress) drop(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.forget(name)
}

// draw writes the status: the live line on a terminal, else a plain line
// when Every has passed (or always when forced by the ticker).
func (p *Progress) draw(event bool) {
	now := p.now()
	if !p.terminal {
		if event || now.Sub(p.lastLine) < p.every-time.Second/2 {
			return
		}
		p.lastLine = now
		fmt.Fprintln(p.w, p.prefix()+p.status(now, 0))
		return
	}
	line := p.status(now, 3)
	if len([]rune(line)) > 110 {
		line = string([]rune(line)[:109]) + "…"
	}
	fmt.Fprint(p.w, "\r\x1b[K"+line)
	p.drawn = true
}

func (p *Progress) clear() {
	if p.terminal && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// status is "12/40 done, 1 failed, ETA 2m10s: org/a, org/b".
func (p *Progress) status(now time.Time, names int) string {
	var b strings.Builder
	fr := p.Lang == "fr"
	b.WriteString(rules.Say(p.Lang, "audit.status-done", "done", strconv.Itoa(p.skipped+p.done), "total", strconv.Itoa(p.total)))
	if p.failed > 0 {
		b.WriteString(rules.Say(p.Lang, "audit.status-failed", "n", strconv.Itoa(p.failed)))
	}
	left := p.total - p.skipped - p.done
	if p.done > 0 && left > 0 {
		per := now.Sub(p.started) / time.Duration(p.done)
		eta := (per * time.Duration(left)).Round(time.Second)
		etaText := eta.String()
		if fr {
			etaText = frDuration(eta)
		}
		b.WriteString(rules.Say(p.Lang, "audit.status-eta", "eta", etaText))
	}
	if names > 0 && len(p.current) > 0 {
		cur := make([]string, 0, len(p.current))
		for n := range p.current {
			cur = append(cur, n)
		}
		sort.Strings(cur)
		more := ""
		if len(cur) > names {
			more = fmt.Sprintf(" +%d", len(cur)-names)
			cur = cur[:names]
		}
		colon := ": "
		if fr {
			colon = "\u00a0: "
		}
		b.WriteString(colon + printable.String(strings.Join(cur, ", ")) + more)
	}
	return b.String()
}

func (p *Progress) prefix() string {
	if p.Lang == "fr" {
		return "audit\u00a0: "
	}
	return "audit: "
}

// frDuration writes a duration the French way: 2 min 10 s, 19 s.
func frDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%d\u00a0h %d\u00a0min", h, m)
	case m > 0:
		return fmt.Sprintf("%d\u00a0min %d\u00a0s", m, s)
	}
	return fmt.Sprintf("%d\u00a0s", s)
}
