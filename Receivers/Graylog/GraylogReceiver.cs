using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>Handles one notification: authenticate, read, parse, build reports, submit, answer.</summary>
internal sealed partial class GraylogReceiver
{
    private readonly GraylogAuthenticator _authenticator;
    private readonly GraylogPayloadParser _parser;
    private readonly IReportSink _sink;
    private readonly ReportMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly GraylogReceiverOptions _options;
    private readonly ILogger<GraylogReceiver> _logger;
    private readonly AnonymousRequestLog _anonymousLog;

    public GraylogReceiver(
        GraylogAuthenticator authenticator,
        GraylogAddressExtractor extractor,
        IReportSink sink,
        ReportMetrics metrics,
        TimeProvider time,
        IOptions<GraylogReceiverOptions> options,
        ILogger<GraylogReceiver> logger,
        AnonymousRequestLog anonymousLog)
    {
        _anonymousLog = anonymousLog;
        _authenticator = authenticator;
        _parser = new GraylogPayloadParser(extractor);
        _sink = sink;
        _metrics = metrics;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<IResult> HandleAsync(HttpContext context, GraylogNotificationKind kind, string? token)
    {
        var (reporter, authError) = _authenticator.Authenticate(context, token);
        if (authError is not null)
        {
            // Anyone can cause this line, so it goes through the rate-limited log.
            _anonymousLog.Write(
                (kind, authError, Peer: context.Connection.RemoteIpAddress?.ToString()),
                static (logger, s) => Log.Refused(logger, s.kind, s.authError.Status, s.authError.Error, s.Peer));
            return Refuse(authError);
        }

        var (document, readError, recovered) = await GraylogBodyReader.ReadAsync(
            context.Request, _options.MaxBodyBytes, kind == GraylogNotificationKind.Custom, context.RequestAborted);
        if (readError is not null)
        {
            return Reject(kind, readError);
        }

        if (recovered)
        {
            Log.RecoveredUnescaped(_logger, reporter!);
        }

        GraylogNotification notification;
        using (document)
        {
            GraylogNotification? parsed;
            GraylogError? parseError;
            try
            {
                (parsed, parseError) = _parser.Parse(kind, document!.RootElement);
            }
            catch (InvalidOperationException)
            {
                // Valid JSON can still escape a lone UTF-16 surrogate ("\uD800"), which no .NET string can hold.
                (parsed, parseError) = (null, GraylogError.BadBody("a JSON string holds an invalid escaped UTF-16 surrogate"));
            }

            if (parseError is not null)
            {
                return Reject(kind, parseError);
            }

            notification = parsed!;
        }

        var (reports, ignored, notListed) = GraylogReportBuilder.Build(notification, reporter!, _time.GetUtcNow(), _options);
        var accepted = new List<AcceptedAddress>();
        try
        {
            // Submitted together so the single writer commits them in one batch; answered only once all are durable.
            var outcomes = await Task.WhenAll(reports.Select(r => _sink.SubmitAsync(r, context.RequestAborted).AsTask()));
            for (int i = 0; i < outcomes.Length; i++)
            {
                string address = reports[i].Address.ToString();
                switch (outcomes[i])
                {
                    case ReportOutcome.Accepted a:
                        accepted.Add(new AcceptedAddress(
                            address, a.Created ? OutcomeCodes.Created : OutcomeCodes.Merged, a.Decision.Id, a.Decision.ExpiresAt, a.Decision.ReportCount));
                        break;
                    case ReportOutcome.Ignored n:
                        ignored.Add(new IgnoredAddress(address, "policy", n.Code, n.Why));
                        break;
                    case ReportOutcome.Rejected r:
                        ignored.Add(new IgnoredAddress(address, "policy", r.Code, r.Why));
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // Not durable, so not acknowledged: Graylog 7 retries 5xx, and the reports that did land are keyed.
            Log.NotStored(_logger, ex, notification.EventId);
            if (ex is ReportQueueFullException)
            {
                context.Response.Headers.RetryAfter = ((int)ReportQueueFullException.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Json(
                new GraylogErrorAnswer("unavailable", "the reports could not be stored; retry"),
                GraylogJsonContext.Default.GraylogErrorAnswer,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        Log.Received(_logger, kind, notification.EventId, reporter!, accepted.Count, ignored.Count + notListed);
        return Results.Json(
            new GraylogAnswer(
                kind.ToString().ToLowerInvariant(), notification.EventId, notification.IsTest, accepted, ignored, notListed),
            GraylogJsonContext.Default.GraylogAnswer);
    }

    private IResult Reject(GraylogNotificationKind kind, GraylogError error)
    {
        _metrics.RecordRejectedInput(ReportSource.Graylog, error.Error);
        Log.Refused(_logger, kind, error.Status, error.Error, null);
        return Refuse(error);
    }

    private static IResult Refuse(GraylogError error) =>
        Results.Json(new GraylogErrorAnswer(error.Error, error.Detail, error.Field), GraylogJsonContext.Default.GraylogErrorAnswer, statusCode: error.Status);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
            Message = "Graylog {Kind} notification {EventId} from {Reporter}: {Accepted} address(es) accepted, {Ignored} ignored")]
        public static partial void Received(ILogger logger, GraylogNotificationKind kind, string eventId, string reporter, int accepted, int ignored);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Graylog {Kind} notification refused with {Status} {Error} (peer {Peer})")]
        public static partial void Refused(ILogger logger, GraylogNotificationKind kind, int status, string error, string? peer);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Warning,
            Message = "Graylog custom notification from {Reporter} was invalid JSON (values not escaped, Graylog 6.0.x); read it by re-escaping. Upgrade Graylog to 6.1+ or use the 6.0 sample template")]
        public static partial void RecoveredUnescaped(ILogger logger, string reporter);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Graylog notification {EventId}: reports could not be stored; answered 503")]
        public static partial void NotStored(ILogger logger, Exception exception, string eventId);
    }
}
