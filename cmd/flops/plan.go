package main

// runPlan is a placeholder until the plan command lands.
func runPlan(env *cliEnv, args []string) error {
	return usagef("flops plan is not implemented yet")
}
