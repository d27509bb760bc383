using System.Security.Cryptography;

namespace FirewallGateway.Snmp.Client;

/// <summary>
/// A manager-side SNMP client for one agent: Get over v2c, or over v3 with engine discovery (RFC 3414 4) and
/// time synchronisation from notInTimeWindow Reports. One request at a time per client (the v3 engine state is
/// shared); make one client per agent.
/// </summary>
public sealed class SnmpClient : IDisposable
{
    private readonly SnmpAgent _agent;
    private readonly TimeProvider _timeProvider;
    private readonly UdpExchange _exchange;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EngineState? _engine;

    public SnmpClient(SnmpAgent agent, TimeProvider timeProvider, SnmpClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _agent = agent;
        _timeProvider = timeProvider;
        _exchange = new UdpExchange(timeProvider, options ?? new SnmpClientOptions());
    }

    /// <summary>The agent's engine ID learned by v3 discovery; empty before it (and for v2c).</summary>
    public ReadOnlyMemory<byte> EngineId => _engine?.EngineId ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The agent's snmpEngineBoots as last seen over v3 (it counts the agent's restarts).</summary>
    public int? EngineBoots => _engine?.Boots;

    /// <summary>Gets <paramref name="oids"/>; values the agent lacks come back as noSuchObject/noSuchInstance.</summary>
    /// <exception cref="SnmpRequestException">Timeout, agent error, USM refusal or an undecodable answer.</exception>
    public async Task<IReadOnlyList<VarBind>> GetAsync(IReadOnlyList<Oid> oids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oids);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Pdu response = _agent.Version == SnmpVersion.V2c
                ? await GetV2cAsync(oids, cancellationToken)
                : await GetV3Async(oids, cancellationToken);
            if (response.ErrorStatus != 0)
            {
                throw new SnmpRequestException(
                    SnmpRequestFailure.AgentError,
                    $"{_agent.EndPoint} answered {(SnmpErrorStatus)response.ErrorStatus} at index {response.ErrorIndex}");
            }

            return response.VarBinds;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<Pdu> GetV2cAsync(IReadOnlyList<Oid> oids, CancellationToken cancellationToken)
    {
        int requestId = NewId();
        byte[] request = SnmpCodec.EncodeV2c(new SnmpV2cMessage(_agent.Community!, Pdu.Request(PduType.GetRequest, requestId, oids)));
        return await _exchange.SendAsync(_agent.EndPoint, request, datagram =>
            SnmpCodec.Decode(datagram) is SnmpV2cMessage { Pdu: { Type: PduType.Response } pdu } && pdu.RequestId == requestId ? pdu : null,
            cancellationToken);
    }

    private async Task<Pdu> GetV3Async(IReadOnlyList<Oid> oids, CancellationToken cancellationToken)
    {
        UsmUser user = _agent.User!;
        // At most one rediscovery or one time resync per request: a second Report of the same kind is a real failure.
        for (int attempt = 0; ; attempt++)
        {
            EngineState engine = _engine ??= await DiscoverAsync(user, cancellationToken);
            int messageId = NewId();
            int requestId = NewId();
            var message = new SnmpV3Message(
                messageId,
                SnmpV3Message.DefaultMaxSize,
                user.SecurityLevel | SnmpV3Flags.Reportable,
                UsmSecurityParameters.For(engine.EngineId, engine.Boots, engine.TimeNow(_timeProvider), user.Name),
                new ScopedPdu(engine.EngineId, Pdu.Request(PduType.GetRequest, requestId, oids)));
            (SnmpV3Envelope envelope, ScopedPdu scoped) = await _exchange.SendAsync(
                _agent.EndPoint,
                SnmpCodec.EncodeV3(message, engine.Keys),
                datagram => Open(datagram, messageId, user, engine.Keys),
                cancellationToken);

            if (scoped.Pdu.Type == PduType.Response && scoped.Pdu.RequestId == requestId)
            {
                Remember(envelope, engine);
                return scoped.Pdu;
            }

            UsmFailure? failure = scoped.Pdu.VarBinds.Count > 0 ? UsmStats.FailureOf(scoped.Pdu.VarBinds[0].Oid) : null;
            bool authentic = envelope.Flags.HasFlag(SnmpV3Flags.Auth);
            if (attempt == 0 && failure == UsmFailure.NotInTimeWindow && authentic)
            {
                // RFC 3414 4: the authenticated Report carries the agent's boots and time; take them and resend.
                Remember(envelope, engine);
                continue;
            }

            if (attempt == 0 && failure == UsmFailure.UnknownEngineId)
            {
                _engine = null;
                continue;
            }

            string what = scoped.Pdu.VarBinds.Count > 0 ? scoped.Pdu.VarBinds[0].Oid.ToString() : "nothing";
            throw failure is { } usm
                ? new SnmpRequestException(usm, $"{_agent.EndPoint} refused user '{user.Name}': {usm} (Report of {what})")
                : new SnmpRequestException(SnmpRequestFailure.AgentError, $"{_agent.EndPoint} sent a {scoped.Pdu.Type} of {what}");
        }
    }

    /// <summary>RFC 3414 4: a reportable, unauthenticated Get with no engine ID makes the agent report its own.</summary>
    private async Task<EngineState> DiscoverAsync(UsmUser user, CancellationToken cancellationToken)
    {
        int messageId = NewId();
        var probe = new SnmpV3Message(
            messageId,
            SnmpV3Message.DefaultMaxSize,
            SnmpV3Flags.Reportable,
            UsmSecurityParameters.Discovery,
            new ScopedPdu(ReadOnlyMemory<byte>.Empty, Pdu.Request(PduType.GetRequest, NewId(), [])));
        SnmpV3Envelope report = await _exchange.SendAsync(
            _agent.EndPoint,
            SnmpCodec.EncodeV3(probe),
            datagram => SnmpCodec.Decode(datagram) is SnmpV3Envelope envelope && envelope.MessageId == messageId ? envelope : null,
            cancellationToken);
        byte[] engineId = report.Security.EngineId.ToArray();
        if (engineId.Length == 0)
        {
            throw new SnmpRequestException(SnmpRequestFailure.Malformed, $"{_agent.EndPoint} answered discovery without an engine ID");
        }

        UsmLocalizedKeys keys = _engine is { } known && known.EngineId.AsSpan().SequenceEqual(engineId)
            ? known.Keys
            : Usm.LocalizeKeys(user, engineId);
        return new EngineState(engineId, report.Security.EngineBoots, report.Security.EngineTime, _timeProvider.GetTimestamp(), keys);
    }

    /// <summary>
    /// Accepts the datagram answering <paramref name="messageId"/>: authenticated ones are verified and decrypted;
    /// unauthenticated ones are accepted only as Reports (an agent reports wrong digests without auth).
    /// </summary>
    private static OpenedMessage? Open(byte[] datagram, int messageId, UsmUser user, UsmLocalizedKeys keys)
    {
        if (SnmpCodec.Decode(datagram) is not SnmpV3Envelope envelope || envelope.MessageId != messageId)
        {
            return null;
        }

        if (!envelope.Flags.HasFlag(SnmpV3Flags.Auth))
        {
            return envelope.ScopedPdu is { Pdu.Type: PduType.Report } report ? new OpenedMessage(envelope, report) : null;
        }

        try
        {
            return new OpenedMessage(envelope, Usm.Open(envelope, user, keys));
        }
        catch (UsmException ex)
        {
            throw new SnmpRequestException(ex.Failure, $"the answer from the agent failed USM: {ex.Message}", ex);
        }
    }

    /// <summary>RFC 3414 3.2 step 7b: an authentic message updates our notion of the agent's boots and time.</summary>
    private void Remember(SnmpV3Envelope envelope, EngineState engine)
    {
        _engine = engine with
        {
            Boots = envelope.Security.EngineBoots,
            Time = envelope.Security.EngineTime,
            LearnedAt = _timeProvider.GetTimestamp(),
        };
    }

    private static int NewId() => RandomNumberGenerator.GetInt32(1, int.MaxValue);
}
