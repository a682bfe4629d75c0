#include "api/metrics_endpoint.hpp"

#include "api/errors.hpp"
#include "api/routes.hpp"
#include "core/exposition.hpp"
#include "core/process_stats.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;

awaitable<http::Response> metrics_page(const AppContext& context, const http::Request& request) {
  const std::string_view client = request.remote_address();
  if (!context.metrics_access.allows(client)) {
    co_return to_response(
        {ErrorCode::forbidden,
         "Metrics are not served to " + std::string(client) + " (see --metrics-allow)"});
  }
  http::Response response;
  response.status = 200;
  response.content_type = std::string(metrics::kExpositionContentType);
  response.body = context.metrics->render(metrics::read_process_stats());
  response.header("Cache-Control", "no-store");
  co_return response;
}

}  // namespace

http::Handler handle_metrics(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return metrics_page(*ctx, request); };
}

}  // namespace lkm::api
