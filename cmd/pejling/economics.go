package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/pejling/pejling"
)

// economicsCommands are the subcommands of pejling economics (DOMAIN.md §5,
// docs/economics.md); each lives in a file economics_NAME.go of its own and adds itself
// to this table in an init function.
var economicsCommands = map[string]struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}{}

func runEconomics(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 {
		if c, ok := economicsCommands[args[0]]; ok {
			return c.run(ctx, env, args[1:])
		}
		if args[0] != "-h" && args[0] != "--help" && args[0] != "help" {
			fmt.Fprintf(env.Stderr, "pejling economics: unknown subcommand %q\n\n", pejling.Clip(args[0]))
		}
	}
	var names []string
	for n := range economicsCommands {
		names = append(names, n)
	}
	slices.Sort(names)
	fmt.Fprintf(env.Stderr, "Usage: pejling economics %s [flags]   (pejling economics NAME -h for its flags)\n\n", strings.Join(names, "|"))
	for _, n := range names {
		fmt.Fprintf(env.Stderr, "  %-13s %s\n", n, economicsCommands[n].summary)
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		return flag.ErrHelp
	}
	return errUsage
}
