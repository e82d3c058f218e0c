package secrets

import "testing"

// What a dump's column must be before its values count: a credential by
// its name, holding at least two distinct values that read as passwords.
func TestDumpColumns(t *testing.T) {
	g := newGen(21)
	s := mustNew(t)
	a, b := g.str(alnum, 14), g.str(alnum, 14)
	for _, c := range []struct {
		path, content string
		want          bool
	}{
		{"users.csv", "id,email,password\n1,x@y.fr," + a + "\n2,z@y.fr," + b + "\n", true},
		{"users.tsv", "id\temail\tapi_key\n1\tx@y.fr\t" + a + "\n2\tz@y.fr\t" + b + "\n", true},
		{"one.csv", "id,email,password\n1,x@y.fr," + a + "\n", false},
		{"labels.tsv", "repo\tsecret\treason\nx\tglpat-1\tsome words\ny\tslack-3\tother words\n", false},
		{"resets.csv", "id,password_reset_at\n1,2026-01-02\n2,2026-02-03\n", false},
		{"names.csv", "id,password\n1,max-file-size\n2,secret-ref-name\n", false},
		// A survey export: tab-separated, a comma inside a column's name,
		// a lone "Token" column of response ids (one of the spent parts).
		{"data/Mairies.tsv", "Commune\tAccueil, horaires\tToken\nA\toui\t" + a + "\nB\tnon\t" + b + "\n", false},
		{"data/users.tsv", "Commune\tAccueil, horaires\taccess_token\nA\toui\t" + a + "\nB\tnon\t" + b + "\n", true},
		{"calls.sql", "INSERT INTO users (id, password) VALUES (1, crypt('" + a + "', gen_salt('bf'))), (2, NULL);\n", false},
		{"fixtures/users.sql", "INSERT INTO users (id, password) VALUES (1, '" + a + "'), (2, '" + b + "');\n", false},
		{"db/users.sql", "INSERT INTO users (id, password) VALUES (1, '" + a + "'), (2, '" + b + "');\n", true},
		{"backup/mysql.sql", "CREATE TABLE `members` (\n  `id` int NOT NULL,\n  `login` varchar(60),\n  `pwd` varchar(255),\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n" +
			"INSERT INTO `members` VALUES (1,'bot','" + a + "'),(2,'ops','" + b + "');\n", true},
	} {
		if got := hasRule(s.Scan(c.path, []byte(c.content)), DumpRule); got != c.want {
			t.Errorf("%s: dump finding %v, want %v", c.path, got, c.want)
		}
	}
}

// A quoted field holding the separator is one field: the finding stands
// at the password, not at half a name.
func TestDumpQuotedCSV(t *testing.T) {
	g := newGen(23)
	s := mustNew(t)
	a, b := g.str(alnum, 14), g.str(alnum, 14)
	row1 := "1,\"Dupont, Jean\","
	content := "id,name,password\n" + row1 + a + "\n2,\"Martin, Marie\",\"" + b + "\"\n"
	r := s.Scan("export/users.csv", []byte(content))
	if len(r.Findings) != 1 || r.Findings[0].Rule != DumpRule {
		t.Fatalf("findings %+v, want one dump finding", r.Findings)
	}
	if f := r.Findings[0]; f.Line != 2 || f.Column != len(row1)+1 {
		t.Errorf("finding at %d:%d, want 2:%d (the password)", f.Line, f.Column, len(row1)+1)
	}
}

// WordPress keeps phpass hashes in wp_users.user_pass: a dump of them is a
// note, not a leak of passwords.
func TestDumpWordPressHashes(t *testing.T) {
	g := newGen(22)
	s := mustNew(t)
	h := func() string { return "$P$B" + g.str(alnum+"./", 30) }
	dump := "CREATE TABLE `wp_users` (\n  `ID` bigint unsigned NOT NULL,\n  `user_login` varchar(60),\n  `user_pass` varchar(255),\n  PRIMARY KEY (`ID`)\n);\n" +
		"INSERT INTO `wp_users` VALUES (1,'admin','" + h() + "'),(2,'editor','" + h() + "');\n"
	r := s.Scan("backup/wordpress.sql", []byte(dump))
	if len(r.Findings) != 1 || r.Findings[0].Rule != DumpRule || r.Findings[0].Confidence != Low || r.Findings[0].Reason != ReasonHash {
		t.Errorf("findings %+v, want one low hash finding", r.Findings)
	}
}

// Keycloak's credential table stores {"value": hash, "salt": …} with the
// algorithm in the next column: a salted hash, low.
func TestDumpKeycloakCredentials(t *testing.T) {
	g := newGen(24)
	s := mustNew(t)
	row := func() string {
		return g.str(hexa, 8) + "\t\\N\tpassword\t" + g.str(hexa, 8) + "\t1605819923223\t\\N\t" +
			`{"value":"` + g.str(b64, 88) + `","salt":"` + g.str(b64, 24) + `","additionalParameters":{}}` +
			"\t" + `{"hashIterations":27500,"algorithm":"pbkdf2-sha256","additionalParameters":{}}` + "\t10\n"
	}
	dump := "COPY public.credential (id, salt, type, user_id, created_date, user_label, secret_data, credential_data, priority) FROM stdin;\n" +
		row() + row() + "\\.\n"
	r := s.Scan("postgres/initdb/keycloak.sql", []byte(dump))
	if len(r.Findings) != 1 || r.Findings[0].Confidence != Low || r.Findings[0].Reason != ReasonHash {
		t.Errorf("findings %+v, want one low hash finding", r.Findings)
	}
}
