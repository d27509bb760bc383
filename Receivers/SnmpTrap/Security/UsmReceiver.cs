using FirewallGateway.Receivers.SnmpTrap.Pipeline;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Security;

/// <summary>
/// USM for incoming v3 notifications (RFC 3414 §3.2). For an inform this receiver is the authoritative engine:
/// the message must carry its engine ID and fall within 150 s of its boots/time, and a reportable message that
/// fails a check is answered with the usmStats Report the RFC names (unknown engine ID also answers discovery;
/// not-in-time-window is sent authNoPriv so the sender can trust the time in it). For a trap the sender is
/// authoritative: the keys are those localised with the user's configured trap engine ID, and nothing is sent back.
/// A user is only accepted at the security level it is configured for (authPriv when it has a privacy password).
/// </summary>
internal sealed class UsmReceiver
{
    private readonly LocalEngine _engine;
    private readonly UsmUsers _users;
    private readonly uint[] _stats = new uint[Enum.GetValues<UsmFailure>().Length];

    public UsmReceiver(LocalEngine engine, UsmUsers users)
    {
        _engine = engine;
        _users = users;
    }

    public LocalEngine Engine => _engine;

    public UsmAcceptance Accept(SnmpV3Envelope envelope)
    {
        var security = envelope.Security;
        bool authoritative = security.EngineId.Span.SequenceEqual(_engine.EngineId);
        if (security.EngineId.IsEmpty && envelope.IsReportable)
        {
            return new UsmAcceptance(UsmOutcome.Discovery, null, Report(envelope, UsmFailure.UnknownEngineId, null), null, null);
        }

        var named = _users.Named(security.UserName).ToList();
        var candidates = authoritative
            ? named.Select(u => (u.User, Keys: u.LocalKeys)).ToList()
            : named.Where(u => u.TrapKeys is not null && security.EngineId.Span.SequenceEqual(u.TrapEngineId)).Select(u => (u.User, Keys: u.TrapKeys!)).ToList();
        if (candidates.Count == 0)
        {
            return named.Count == 0 && authoritative
                ? Refuse(envelope, UsmFailure.UnknownUserName, TrapRejectReasons.UnknownUser)
                : Refuse(envelope, UsmFailure.UnknownEngineId, named.Count == 0 ? TrapRejectReasons.UnknownUser : TrapRejectReasons.UnknownEngineId);
        }

        var level = envelope.Flags & SnmpV3Flags.AuthPriv;
        candidates.RemoveAll(c => c.User.SecurityLevel != level);
        if (candidates.Count == 0)
        {
            return Refuse(envelope, UsmFailure.UnsupportedSecurityLevel, TrapRejectReasons.UnsupportedSecurityLevel);
        }

        // Several entries may share a name (one per trap sender engine, or the same name for informs with
        // different passwords): the one whose key gives the right digest is the sender.
        var verified = candidates.FirstOrDefault(c => Verifies(envelope, c.User, c.Keys));
        if (verified.User is null)
        {
            return Refuse(envelope, UsmFailure.WrongDigest, TrapRejectReasons.WrongDigest);
        }

        var (user, keys) = verified;

        if (authoritative && !InTimeWindow(security.EngineBoots, security.EngineTime))
        {
            return UsmAcceptance.Refused(TrapRejectReasons.NotInTimeWindow, Report(envelope, UsmFailure.NotInTimeWindow, keys));
        }

        ScopedPdu scoped;
        if (envelope.Flags.HasFlag(SnmpV3Flags.Priv))
        {
            try
            {
                scoped = Usm.Decrypt(envelope, user, keys);
            }
            catch (UsmException)
            {
                return Refuse(envelope, UsmFailure.DecryptionError, TrapRejectReasons.DecryptionFailed);
            }
        }
        else
        {
            scoped = envelope.ScopedPdu ?? throw new InvalidOperationException("a plaintext v3 message without a ScopedPDU");
        }

        return new UsmAcceptance(UsmOutcome.Accepted, null, null, scoped, keys);
    }

    /// <summary>
    /// The answer to an accepted message (the inform's Response): same msgID, user and security level, the
    /// engine of the request (this receiver's boots/time when it is that engine), never reportable.
    /// </summary>
    public byte[] Respond(SnmpV3Envelope request, UsmLocalizedKeys keys, ScopedPdu response)
    {
        var security = request.Security;
        bool authoritative = security.EngineId.Span.SequenceEqual(_engine.EngineId);
        var parameters = authoritative
            ? UsmSecurityParameters.For(_engine.EngineId, _engine.Boots, _engine.Time, security.UserName)
            : UsmSecurityParameters.For(security.EngineId, security.EngineBoots, security.EngineTime, security.UserName);
        var message = new SnmpV3Message(request.MessageId, SnmpV3Message.DefaultMaxSize, request.Flags & SnmpV3Flags.AuthPriv, parameters, response);
        return SnmpCodec.EncodeV3(message, keys);
    }

    /// <summary>RFC 3414 §3.2 step 7a, with this receiver as the authoritative engine.</summary>
    private bool InTimeWindow(int boots, int time) => Usm.IsInTimeWindow(boots, time, _engine.Boots, _engine.Time);

    private static bool Verifies(SnmpV3Envelope envelope, UsmUser user, UsmLocalizedKeys keys)
    {
        try
        {
            Usm.Verify(envelope, user, keys);
            return true;
        }
        catch (UsmException)
        {
            return false;
        }
    }

    private UsmAcceptance Refuse(SnmpV3Envelope envelope, UsmFailure failure, string reason) =>
        UsmAcceptance.Refused(reason, Report(envelope, failure, null));

    /// <summary>
    /// The Report for a reportable message (RFC 3412 §7.1 step 3, RFC 3414 §3.2): this engine's ID, boots and
    /// time, the usmStats counter that failed, the request-id when the PDU was readable. noAuthNoPriv, except
    /// not-in-time-window, which is authenticated with <paramref name="keys"/>.
    /// </summary>
    private byte[]? Report(SnmpV3Envelope request, UsmFailure failure, UsmLocalizedKeys? keys)
    {
        uint count = ++_stats[(int)failure];
        if (!request.IsReportable)
        {
            return null;
        }

        var pdu = new Pdu(PduType.Report, request.ScopedPdu?.Pdu.RequestId ?? 0, 0, 0, [new VarBind(UsmStats.For(failure), SnmpValue.Counter32(count))]);
        var message = new SnmpV3Message(
            request.MessageId,
            SnmpV3Message.DefaultMaxSize,
            keys is null ? SnmpV3Flags.None : SnmpV3Flags.Auth,
            UsmSecurityParameters.For(_engine.EngineId, _engine.Boots, _engine.Time, request.Security.UserName),
            new ScopedPdu(_engine.EngineId, pdu));
        return SnmpCodec.EncodeV3(message, keys);
    }
}
