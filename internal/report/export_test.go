package report

// FileLink is fileLink for the tests.
var FileLink = fileLink

// ShellQuote is shellQuote for the tests.
var ShellQuote = shellQuote
