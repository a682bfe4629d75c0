// The one source file of each SDK shared library (a library needs one): everything else comes
// from the static library linked whole into it.
