package errs

// JoinFields merges the VALIDATION_FAILED errors among checks into one, so that a client learns
// about every bad field at once. The first other error (a 422 with a code of its own, such as
// CURRENCY_MISMATCH, or any other kind) is returned as it is, since merging would lose its code.
func JoinFields(checks ...error) error {
	var fields []FieldError
	for _, err := range checks {
		if err == nil {
			continue
		}
		e, ok := As(err)
		if !ok || e.Kind != KindInvalid || e.Code != CodeValidationFailed {
			return err
		}
		fields = append(fields, e.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return Validation(fields...)
}
