// apps/main.cpp — the infoplane command line: one executable, one subcommand per job.
#include <iostream>
int main() { std::cerr << "infoplane: under construction\n"; return 2; }
