// winnow: the command-line face of libwinnow. Parsing arguments, loading rules, and handing the
// inputs to the batch runner; all the cleaning happens in the library.
#include <cstdio>
#include <cstdlib>

#include "cli/args.h"
#include "cli/batch.h"
#include "cli/interrupt.h"
#include "cli/rules_command.h"

int main(int argc, char** argv) {
  using namespace winnow::cli;
  Args args;
  std::string error;
  if (!parse_args(argc, argv, std::getenv("WINNOW_RULES"), std::getenv("WINNOW_SITE_CONFIG"), &args, &error)) {
    std::fprintf(stderr, "winnow: %s\n", error.c_str());
    return kExitUsage;
  }
  switch (args.command) {
    case Command::kHelp:
      std::fputs(usage(), stdout);
      return kExitOk;
    case Command::kVersion:
      std::printf("winnow %s\n", winnow::version());
      return kExitOk;
    case Command::kRulesCheck:
      return run_rules_check(args);
    case Command::kRulesTest:
      return run_rules_test(args);
    case Command::kClean:
      break;
  }
  handle_interrupts();  // before any thread starts
  winnow::Rules rules;
  if (winnow::Error e = winnow::load_rules(args.rule_dirs, args.site_config_dirs, &rules); !e.ok()) {
    std::fprintf(stderr, "winnow: %s\n", e.message.c_str());
    return kExitUsage;
  }
  return run_batch(args, rules);
}
