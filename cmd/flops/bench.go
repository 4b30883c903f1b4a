package main

// runBench is a placeholder until the bench command lands.
func runBench(env *cliEnv, args []string) error {
	return usagef("flops bench is not implemented yet")
}
