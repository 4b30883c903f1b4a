package main

// runValidate is a placeholder until the validate command lands.
func runValidate(env *cliEnv, args []string) error {
	return usagef("flops validate is not implemented yet")
}
