using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FirewallGateway.Snmp.Security;

/// <summary>
/// AES-128 in 128-bit CFB mode for the ScopedPDU (RFC 3826 3.1). The IV is the authoritative engine's boots and
/// time (4 bytes each, big-endian) followed by the 8-byte salt sent as msgPrivacyParameters; no padding, the
/// ciphertext is as long as the plaintext.
/// </summary>
internal static class UsmPrivacy
{
    private const int BlockSize = 16;
    private const int SaltLength = 8;
    private const int AesKeyLength = 16;

    // RFC 3826 3.1.2.1: a 64-bit integer, started at a random value and incremented per message, so no IV repeats.
    private static long s_salt = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

    public static (byte[] Ciphertext, byte[] Salt) Encrypt(ReadOnlySpan<byte> plaintext, UsmLocalizedKeys keys, int boots, int time)
    {
        var salt = new byte[SaltLength];
        BinaryPrimitives.WriteInt64BigEndian(salt, Interlocked.Increment(ref s_salt));
        var ciphertext = new byte[plaintext.Length];
        Transform(plaintext, ciphertext, keys, Iv(boots, time, salt), encrypt: true);
        return (ciphertext, salt);
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> salt, UsmLocalizedKeys keys, int boots, int time)
    {
        if (salt.Length != SaltLength)
        {
            throw new UsmException(UsmFailure.DecryptionError, $"msgPrivacyParameters has {salt.Length} bytes, not {SaltLength}");
        }

        var plaintext = new byte[ciphertext.Length];
        Transform(ciphertext, plaintext, keys, Iv(boots, time, salt), encrypt: false);
        return plaintext;
    }

    /// <summary>CFB-128 from the raw block cipher: each output block is the input XOR E(previous ciphertext block).</summary>
    internal static void Transform(ReadOnlySpan<byte> input, Span<byte> output, UsmLocalizedKeys keys, ReadOnlySpan<byte> iv, bool encrypt)
    {
        if (keys.PrivKey.Length < AesKeyLength)
        {
            throw new UsmException(UsmFailure.DecryptionError, "the privacy key is shorter than 16 bytes");
        }

        using var aes = Aes.Create();
        aes.Key = keys.PrivKey[..AesKeyLength].ToArray();
        Span<byte> register = stackalloc byte[BlockSize];
        Span<byte> keystream = stackalloc byte[BlockSize];
        iv.CopyTo(register);
        for (int offset = 0; offset < input.Length; offset += BlockSize)
        {
            aes.EncryptEcb(register, keystream, PaddingMode.None);
            int count = Math.Min(BlockSize, input.Length - offset);
            ReadOnlySpan<byte> inBlock = input.Slice(offset, count);
            Span<byte> outBlock = output.Slice(offset, count);
            for (int i = 0; i < count; i++)
            {
                outBlock[i] = (byte)(inBlock[i] ^ keystream[i]);
            }

            // The next register is this block's ciphertext: the output when encrypting, the input when decrypting.
            (encrypt ? outBlock : inBlock).CopyTo(register);
        }
    }

    private static byte[] Iv(int boots, int time, ReadOnlySpan<byte> salt)
    {
        var iv = new byte[BlockSize];
        BinaryPrimitives.WriteInt32BigEndian(iv, boots);
        BinaryPrimitives.WriteInt32BigEndian(iv.AsSpan(4), time);
        salt.CopyTo(iv.AsSpan(8));
        return iv;
    }
}
