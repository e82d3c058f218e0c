package secrets

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/ouvert-dev/ouvert/rules"
)

// CustomRule is the rule a team's own patterns report under; a finding's
// Pattern names which one.
const CustomRule = "secrets/custom"

// Custom is a secret format a team declares (.ouvert.yml
// secrets.patterns): an internal token's prefix, a partner's key format.
type Custom struct {
	// Name is the team's id for the format (lowercase words joined by
	// "-", "_" or "."): findings show it.
	Name  string
	Regex string // RE2 syntax; the group "secret", else group 1, else the whole match is the value
	// Keywords (any case) make the prefilter run the regex only around
	// them; when none is given, the longest literal that every match
	// holds is the keyword.
	Keywords []string
	// Entropy is the Shannon entropy (bits per character) the value
	// needs; 0 for none.
	Entropy float64
}

var customName = regexp.MustCompile(`^[a-z0-9]+(?:[-_.][a-z0-9]+)*$`)

// minKeyword: a shorter keyword would run the regex around most bytes of
// every file.
const minKeyword = 3

// CompileCustom checks a declared pattern and returns it compiled. Its
// errors name the part at fault ("regex: …", "keywords: …") in one line.
func CompileCustom(c Custom) (*rules.SecretPattern, error) {
	if !customName.MatchString(c.Name) {
		return nil, fmt.Errorf("id: %q must be lowercase letters and digits, words joined by a hyphen, an underscore or a dot", c.Name)
	}
	if strings.TrimSpace(c.Regex) == "" {
		return nil, errors.New("regex: missing")
	}
	re, err := regexp.Compile(c.Regex)
	if err != nil {
		return nil, fmt.Errorf("regex: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	expr := c.Regex
	if re.NumSubexp() == 0 {
		expr = "(" + c.Regex + ")"
		re = regexp.MustCompile(expr)
	}
	if re.MatchString("") {
		return nil, errors.New("regex: matches empty text, so it would match everywhere")
	}
	if c.Entropy < 0 || c.Entropy > 8 {
		return nil, fmt.Errorf("entropy: %v is not between 0 and 8 bits per character", c.Entropy)
	}
	var kws []string
	for _, k := range c.Keywords {
		k = strings.ToLower(k)
		if len(k) < minKeyword {
			return nil, fmt.Errorf("keywords: %q is shorter than %d characters", k, minKeyword)
		}
		kws = append(kws, k)
	}
	if len(kws) == 0 {
		tree, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			return nil, fmt.Errorf("regex: %w", err)
		}
		lits := requiredLiterals(tree, 1)
		if len(lits) == 0 || len(lits[0].b) < minKeyword {
			return nil, fmt.Errorf("keywords: none given, and the regex has no literal of %d characters or more that every match holds: add keywords", minKeyword)
		}
		kws = []string{strings.ToLower(string(lits[0].b))}
	}
	return &rules.SecretPattern{ID: CustomRule, Keywords: kws, Regex: expr, MinEntropy: c.Entropy, Confidence: High, Compiled: re}, nil
}
