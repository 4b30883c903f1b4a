package main

// runScale is a placeholder until the scale command lands.
func runScale(env *cliEnv, args []string) error {
	return usagef("flops scale is not implemented yet")
}
