#pragma once
// Campaigns (survey rounds): created as drafts, opened (which freezes the set
// of in-scope systems, the expected respondents), then closed.
#include <string>
#include <vector>

#include "schema/database.hpp"

namespace syscensus::survey {

/// Which systems a campaign asks; empty lists do not restrict, except that
/// empty statuses mean operating systems only.
struct CampaignScope {
  std::vector<std::string> provinces;  ///< province codes; old codes roll up into their successors
  std::vector<int> levels;
  std::vector<std::string> categories;
  std::vector<std::string> statuses;  ///< lifecycle values

  std::string json() const;
  static CampaignScope from_json(const std::string& text);
};

struct NewCampaign {
  std::string code;
  std::string questionnaire;  ///< ID@VERSION (or ID: its latest version)
  std::string title;
  std::string opens;
  std::string closes;
  CampaignScope scope;
};

struct Campaign {
  long long id = 0;
  std::string code;
  long long questionnaire_id = 0;
  std::string questionnaire;  ///< ID@VERSION
  std::string title;
  std::string opens, closes;
  std::string status;  ///< draft, open, closed
  CampaignScope scope;
  std::string created_at, opened_at, closed_at;
  long long expected = 0;  ///< systems frozen in scope (0 until opened)
  long long received = 0;  ///< systems with a current submission
};

/// Creates a draft. Throws InvalidInput (bad code, dates, scope), NotFound
/// (questionnaire), Conflict (the code exists).
Campaign create_campaign(schema::Database& db, const NewCampaign& campaign, const std::string& actor);

/// Opens a draft and freezes its systems; throws Conflict unless it is a draft.
Campaign open_campaign(schema::Database& db, const std::string& code, const std::string& actor);

/// Closes an open campaign; throws Conflict unless it is open.
Campaign close_campaign(schema::Database& db, const std::string& code, const std::string& actor);

std::vector<Campaign> list_campaigns(schema::Database& db);

/// Throws NotFound.
Campaign get_campaign(schema::Database& db, const std::string& code);

}  // namespace syscensus::survey
