using System.Globalization;
using FirewallGateway.Api;
using FirewallGateway.Core.Diagnostics;

namespace FirewallGateway.Auth;

/// <summary>
/// Turns a throttled login (marked by the Basic handler) into 429 with Retry-After, before authorization would
/// answer a plain 401 challenge: the client learns when to come back, and no hash was computed for it.
/// </summary>
internal static partial class LoginThrottleResponses
{
    private static readonly object RetryAfterKey = new();

    /// <summary>Marks the request as refused for too many failed logins.</summary>
    public static void MarkThrottled(HttpContext context, TimeSpan retryAfter) => context.Items[RetryAfterKey] = retryAfter;

    public static IApplicationBuilder UseLoginThrottleResponses(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Items.TryGetValue(RetryAfterKey, out object? value) && value is TimeSpan retryAfter)
            {
                int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var log = context.RequestServices.GetRequiredService<AnonymousRequestLog>();
                log.Write((context.Connection.RemoteIpAddress, seconds), static (logger, s) => Log.Throttled(logger, s.RemoteIpAddress?.ToString() ?? "-", s.seconds));
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(
                    new ApiError("too-many-failures", $"too many failed logins from this address or for this login; retry after {seconds} s", null),
                    ApiJsonContext.Default.ApiError);
                return;
            }

            await next(context);
        });

    private static partial class Log
    {
        [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Login refused for too many failures from {Source}; Retry-After {Seconds} s")]
        public static partial void Throttled(ILogger logger, string source, int seconds);
    }
}
