package source

import "sync/atomic"

// Phase is the part of a scan under way.
type Phase int32

const (
	PhaseStart   Phase = iota // nothing reported yet
	PhaseOpen                 // opening (or cloning) the repository
	PhaseLicence              // detecting the licence
	PhaseFiles                // reading the files of the tree
	PhaseCommits              // walking the commits of the history
	PhaseBlobs                // reading the blobs of the history
	PhaseDone                 // the checks are over
)

// Progress tells how far a scan has gone, for a caller to show while it
// runs (ouvert prints it on standard error). Readers update it as they
// go, from any goroutine, at the cost of an atomic add; the caller reads a
// Snapshot whenever it likes. A nil *Progress records nothing.
type Progress struct {
	phase                                                       atomic.Int32
	files, filesTotal, commits, commitsTotal, blobs, blobsTotal atomic.Int64
}

// ProgressSnapshot is the state of a Progress at one moment. Totals are 0
// until known.
type ProgressSnapshot struct {
	Phase                 Phase
	Files, FilesTotal     int64 // files of the tree read for secrets
	Commits, CommitsTotal int64 // commits of the history walked
	Blobs, BlobsTotal     int64 // blobs of the history handed over
}

// Snapshot reads the counters.
func (p *Progress) Snapshot() ProgressSnapshot {
	if p == nil {
		return ProgressSnapshot{}
	}
	return ProgressSnapshot{
		Phase: Phase(p.phase.Load()),
		Files: p.files.Load(), FilesTotal: p.filesTotal.Load(),
		Commits: p.commits.Load(), CommitsTotal: p.commitsTotal.Load(),
		Blobs: p.blobs.Load(), BlobsTotal: p.blobsTotal.Load(),
	}
}

// SetPhase says what the scan does now.
func (p *Progress) SetPhase(ph Phase) {
	if p != nil {
		p.phase.Store(int32(ph))
	}
}

// Files starts the count of the tree's files: n to read.
func (p *Progress) Files(n int) {
	if p != nil {
		p.SetPhase(PhaseFiles)
		p.filesTotal.Store(int64(n))
	}
}

// FileDone counts one file of the tree read (or left unread).
func (p *Progress) FileDone() {
	if p != nil {
		p.files.Add(1)
	}
}

func (p *Progress) commitsToWalk(n int) {
	if p != nil {
		p.SetPhase(PhaseCommits)
		p.commitsTotal.Store(int64(n))
	}
}

func (p *Progress) commitDone() {
	if p != nil {
		p.commits.Add(1)
	}
}

func (p *Progress) blobsToRead(n int) {
	if p != nil {
		p.SetPhase(PhaseBlobs)
		p.blobsTotal.Store(int64(n))
	}
}

func (p *Progress) blobDone() {
	if p != nil {
		p.blobs.Add(1)
	}
}
