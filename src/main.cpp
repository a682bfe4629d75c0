#include "cli.hpp"

int main(int argc, char** argv) {
  return lkm::cli::run(argc, argv);
}
