namespace FirewallGateway.Snmp.Ber;

/// <summary>
/// Writes definite-length BER. Constructed TLVs are opened with <see cref="StartConstructed"/> and closed with
/// <see cref="EndConstructed"/>, which inserts the now-known length before the content (minimal length form).
/// </summary>
internal sealed class BerWriter
{
    private readonly Stack<int> _openContentStarts = new();
    private byte[] _buffer = new byte[256];
    private int _length;

    public int Length => _length;

    public void StartConstructed(byte tag)
    {
        WriteByte(tag);
        _openContentStarts.Push(_length);
    }

    public void EndConstructed()
    {
        int contentStart = _openContentStarts.Pop();
        int contentLength = _length - contentStart;
        Span<byte> header = stackalloc byte[5];
        int headerLength = EncodeLength(contentLength, header);
        EnsureCapacity(headerLength);
        _buffer.AsSpan(contentStart, contentLength).CopyTo(_buffer.AsSpan(contentStart + headerLength));
        header[..headerLength].CopyTo(_buffer.AsSpan(contentStart));
        _length += headerLength;
    }

    /// <summary>Writes a primitive TLV.</summary>
    public void WritePrimitive(byte tag, ReadOnlySpan<byte> content)
    {
        WriteByte(tag);
        Span<byte> header = stackalloc byte[5];
        WriteRaw(header[..EncodeLength(content.Length, header)]);
        WriteRaw(content);
    }

    public void WriteInteger(long value) => WriteWith(BerTag.Integer, value, BerPrimitives.EncodeSigned);

    public void WriteUnsigned(byte tag, ulong value) => WriteWith(tag, value, BerPrimitives.EncodeUnsigned);

    public void WriteOctetString(ReadOnlySpan<byte> value) => WritePrimitive(BerTag.OctetString, value);

    public void WriteNull(byte tag = BerTag.Null) => WritePrimitive(tag, []);

    public void WriteOid(Oid oid) => WriteWith(BerTag.ObjectIdentifier, oid, BerPrimitives.EncodeOid);

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public byte[] ToArray()
    {
        if (_openContentStarts.Count != 0)
        {
            throw new InvalidOperationException("a constructed TLV was left open");
        }

        return _buffer.AsSpan(0, _length).ToArray();
    }

    /// <summary>Encodes the content through a callback, then wraps it in a primitive TLV.</summary>
    private void WriteWith<T>(byte tag, T value, Action<T, BerWriter> encode)
    {
        // Reusing the constructed machinery gives the same minimal length; the tag is what makes it primitive.
        StartConstructed(tag);
        encode(value, this);
        EndConstructed();
    }

    private void WriteByte(byte value)
    {
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    private void EnsureCapacity(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }

    private static int EncodeLength(int length, Span<byte> destination)
    {
        if (length < 0x80)
        {
            destination[0] = (byte)length;
            return 1;
        }

        int count = length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : length <= 0xFFFFFF ? 3 : 4;
        destination[0] = (byte)(0x80 | count);
        for (int i = count; i >= 1; i--)
        {
            destination[i] = (byte)length;
            length >>= 8;
        }

        return count + 1;
    }
}
