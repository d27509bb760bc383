using System.Net;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.Common;
using FirewallGateway.Receivers.SnmpTrap.Rules;
using FirewallGateway.Receivers.SnmpTrap.Security;
using FirewallGateway.Receivers.Syslog.Pipeline;
using FirewallGateway.Snmp;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.SnmpTrap.Pipeline;

/// <summary>
/// One datagram from an allowed sender: decode, authenticate (community or USM), answer an inform, run the
/// rules over a trap's varbinds and queue the bans. Every refusal is counted and logged rate-limited; nothing
/// a sender puts in a packet can throw out of here except a bug, which the listener logs and survives.
/// One listener thread owns a processor.
/// </summary>
internal sealed class TrapProcessor
{
    /// <summary>The varbind text kept as evidence; a sender chooses its length, so it is capped.</summary>
    private const int MaxEvidenceLength = 1000;

    private readonly TrapMatcher _matcher;
    private readonly CommunitySet _communities;
    private readonly UsmReceiver _usm;
    private readonly BanReportQueue _reports;
    private readonly TrapMetrics _metrics;
    private readonly RejectLog _rejects;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<TrapMatch> _matches = [];

    public TrapProcessor(
        TrapMatcher matcher, CommunitySet communities, UsmReceiver usm, BanReportQueue reports, TrapMetrics metrics, RejectLog rejects, TimeProvider time, ILogger logger)
    {
        _matcher = matcher;
        _communities = communities;
        _usm = usm;
        _reports = reports;
        _metrics = metrics;
        _rejects = rejects;
        _time = time;
        _logger = logger;
    }

    /// <summary>Handles one datagram; returns the answer to send back (inform Response or USM Report), or null.</summary>
    public byte[]? Process(ReadOnlySpan<byte> datagram, IPAddress sender)
    {
        SnmpMessage message;
        try
        {
            message = SnmpCodec.Decode(datagram);
        }
        catch (SnmpDecodeException ex)
        {
            return Reject(TrapRejectReasons.Of(ex.Error), sender);
        }

        return message switch
        {
            SnmpV2cMessage v2c => ProcessV2c(v2c, sender),
            SnmpV3Envelope v3 => ProcessV3(v3, sender),
            _ => Reject(TrapRejectReasons.UnsupportedVersion, sender),
        };
    }

    private byte[]? ProcessV2c(SnmpV2cMessage message, IPAddress sender)
    {
        if (!_communities.Contains(message.Community.Span))
        {
            return Reject(TrapRejectReasons.UnknownCommunity, sender);
        }

        if (!Notify(message.Pdu, "v2c", sender))
        {
            return null;
        }

        return message.Pdu.Type == PduType.InformRequest
            ? SnmpCodec.EncodeV2c(new SnmpV2cMessage(message.Community, InformResponse(message.Pdu)))
            : null;
    }

    private byte[]? ProcessV3(SnmpV3Envelope envelope, IPAddress sender)
    {
        var result = _usm.Accept(envelope);
        if (result.Answer is not null)
        {
            _metrics.RecordAnswer(result.Outcome == UsmOutcome.Discovery ? "discovery" : "report");
        }

        if (result.Outcome != UsmOutcome.Accepted)
        {
            if (result.Reject is { } reason)
            {
                _rejects.Reject(reason, sender.ToString());
            }

            return result.Answer;
        }

        var scoped = result.ScopedPdu!;
        if (!Notify(scoped.Pdu, "v3", sender))
        {
            return null;
        }

        return scoped.Pdu.Type == PduType.InformRequest ? _usm.Respond(envelope, result.Keys!, scoped with { Pdu = InformResponse(scoped.Pdu) }) : null;
    }

    /// <summary>RFC 3416 §4.2.7: the Response to an inform carries the same request-id and varbinds.</summary>
    private Pdu InformResponse(Pdu inform)
    {
        _metrics.RecordAnswer("response");
        return new Pdu(PduType.Response, inform.RequestId, 0, 0, inform.VarBinds);
    }

    /// <summary>Runs the rules over a trap or inform; false (counted) for any other PDU.</summary>
    private bool Notify(Pdu pdu, string version, IPAddress sender)
    {
        if (pdu.Type is not (PduType.SNMPv2Trap or PduType.InformRequest))
        {
            Reject(TrapRejectReasons.UnsupportedPdu, sender);
            return false;
        }

        _metrics.RecordPacket(version, pdu.Type == PduType.InformRequest ? "inform" : "trap");
        _matches.Clear();
        var now = _time.GetUtcNow();
        if (_matcher.Process(pdu.VarBinds, now, _matches) is { } reason)
        {
            // Authenticated and well-formed: an inform is still acknowledged, only the rules found nothing.
            _rejects.Reject(reason, sender.ToString());
            return true;
        }

        foreach (var match in _matches)
        {
            _metrics.RecordMatch(match.Rule.Name, match.Bans);
            if (match.Bans)
            {
                RaiseBan(match, version, sender, now);
            }
        }

        return true;
    }

    private void RaiseBan(in TrapMatch match, string version, IPAddress sender, DateTimeOffset now)
    {
        string from = sender.ToString();
        var rule = match.Rule;
        var report = new BanReport(
            match.Host.ToBanAddress(), "snmp:" + from, ReportSource.SnmpTrap, $"snmp trap rule {rule.Name}: {match.Traps} trap(s) within {rule.FindTime}", rule.BanTime, now)
        {
            Host = from,
            Rule = rule.Name,
            Failures = match.Traps,
            Evidence = Truncate($"{version} trap {match.TrapOid}: {match.AddressVarBind}"),
        };
        Log.BanRaised(_logger, rule.Name, report.Address.ToString(), match.Traps, rule.FindTime, from);
        if (!_reports.TryAdd(report))
        {
            _rejects.Reject(TrapRejectReasons.ReportQueueFull, from);
        }
    }

    private static string Truncate(string evidence) => evidence.Length <= MaxEvidenceLength ? evidence : evidence[..MaxEvidenceLength];

    private byte[]? Reject(string reason, IPAddress sender)
    {
        _rejects.Reject(reason, sender.ToString());
        return null;
    }
}
