package main

// runServe is a placeholder until the serve command lands.
func runServe(env *cliEnv, args []string) error {
	return usagef("flops serve is not implemented yet")
}
