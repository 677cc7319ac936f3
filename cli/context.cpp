#include "cli/context.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/progress.hpp"
#include "common/error.hpp"
#include "schema/migrations.hpp"

namespace syscensus::cli {

schema::Database Context::open() const {
  schema::Database db(schema::resolve_url(db_url));
  schema::require_current(db);
  return db;
}

bool Context::show_progress() const { return progress && progress_wanted(); }

void Context::require_admin(const std::string& action) const {
  const registry::Scope s = scope();
  if (s.role != registry::Role::admin) throw common::Forbidden(action + " is national: it needs --as admin, not " + s.text());
}

std::string default_actor() {
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return std::string("cli:") + user;
  if (const passwd* entry = getpwuid(geteuid()); entry != nullptr) return std::string("cli:") + entry->pw_name;
  return "cli:uid" + std::to_string(geteuid());
}

}  // namespace syscensus::cli
