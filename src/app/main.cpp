#include <csignal>

#include "app/cli.hpp"

int main(int argc, char** argv) {
  // SIGHUP is how service managers ask for a reload (systemctl reload). It must never stop the
  // server: what can be reloaded installs its own handler; everything else ignores it.
  std::signal(SIGHUP, SIG_IGN);
  return lkm::cli::run(argc, argv);
}
