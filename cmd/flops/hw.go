package main

// runHW is a placeholder until the hw command lands.
func runHW(env *cliEnv, args []string) error {
	return usagef("flops hw is not implemented yet")
}
