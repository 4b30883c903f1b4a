package main

// runMFU is a placeholder until the mfu command lands.
func runMFU(env *cliEnv, args []string) error {
	return usagef("flops mfu is not implemented yet")
}
