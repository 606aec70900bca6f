// The part of every fixture orchestration .so that simpler's build adds from its own common source: the
// runtime pointer the recorder binds, and the assert that throws.
#include <string>

#include "pto_orchestration_api.h"

namespace {
PTO2Runtime *bound_runtime = nullptr;
}

extern "C" __attribute__((visibility("default"))) void framework_bind_runtime(PTO2Runtime *rt) { bound_runtime = rt; }

extern "C" PTO2Runtime *framework_current_runtime() { return bound_runtime; }

class FixtureAssertion : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] void assert_impl(const char *condition, const char *file, int line) {
    throw FixtureAssertion(std::string("assertion '") + condition + "' failed at " + file + ":" + std::to_string(line));
}
