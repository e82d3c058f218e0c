package report

// FileLink is fileLink for the tests.
var FileLink = fileLink
