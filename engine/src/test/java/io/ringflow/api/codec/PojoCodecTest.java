package io.ringflow.api.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static io.ringflow.api.codec.CodecAssertions.assertCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PojoCodecTest {
    public static class Base {
        public long id;
    }

    /** Public fields, bean accessors (a fluent setter, an is-getter) and an inherited field. */
    public static class Account extends Base {
        public String owner;
        private boolean active;
        private List<Long> balances = new ArrayList<>();
        private transient int cached;
        public static int instances;

        public boolean isActive() {
            return active;
        }

        public Account setActive(final boolean active) {
            this.active = active;
            return this;
        }

        public List<Long> getBalances() {
            return balances;
        }

        public void setBalances(final List<Long> balances) {
            this.balances = balances;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Account a && id == a.id && active == a.active && Objects.equals(owner, a.owner)
                && Objects.equals(balances, a.balances);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, owner, active, balances);
        }
    }

    public static class Hidden {
        private long secret;
    }

    public static class NoDefaultConstructor {
        public long id;

        public NoDefaultConstructor(final long id) {
            this.id = id;
        }
    }

    static class NotPublic {
        public long id;
    }

    public static class ReadOnly {
        private long id;

        public long getId() {
            return id;
        }
    }

    /** The same class after a field was added, with an initializer. */
    public static class Versioned {
        public long id;
        public String region = "eu";
    }

    public static class Wrapper {
        public Account account;
        public int version;
    }

    @Test
    void shouldRoundTripAPojoWithFieldsGettersSettersAndInheritedFields() {
        final Account account = new Account().setActive(true);
        account.id = 7;
        account.owner = "ann";
        account.setBalances(new ArrayList<>(List.of(1L, 2L)));
        assertCodec(Codecs.forClass(Account.class), account);
        assertCodec(Codecs.forClass(Account.class), new Account());
    }

    @Test
    void shouldWriteFieldsInNameOrderWithoutStaticOrTransientOnes() {
        assertEquals("pojo " + Account.class.getName() + "(active:boolean, balances:java.util.List<long>, "
            + "id:long, owner:java.lang.String)", Codecs.forClass(Account.class).identity());
    }

    @Test
    void shouldNestPojosAndRefuseANullOne() {
        final Wrapper wrapper = new Wrapper();
        wrapper.account = new Account();
        wrapper.version = 3;
        final Codec<Wrapper> codec = Codecs.forClass(Wrapper.class);
        final Wrapper decoded = roundTrip(codec, wrapper);
        assertEquals(wrapper.account, decoded.account);
        assertEquals(3, decoded.version);
        wrapper.account = null;
        final NullPointerException e = assertThrows(NullPointerException.class, () -> roundTrip(codec, wrapper));
        assertTrue(e.getMessage().contains("Wrapper.account is null"), e.getMessage());
    }

    @Test
    void shouldCopyDeeplyAsPojosAreMutable() {
        final Codec<Account> codec = Codecs.forClass(Account.class);
        assertFalse(codec.isImmutable());
        final Account account = new Account();
        final Account copy = codec.copy(account);
        assertNotSame(account, copy);
        assertNotSame(account.getBalances(), copy.getBalances());
        assertEquals(account, copy);
    }

    @Test
    void shouldSayWhichPojoRuleAClassBreaks() {
        assertBreaks(Hidden.class, "field 'secret' is not public and has no public getter and setter");
        assertBreaks(ReadOnly.class, "field 'id' is not public and has no public getter and setter");
        assertBreaks(NoDefaultConstructor.class, "no public no-arg constructor");
        assertBreaks(NotPublic.class, "the class is not public");
    }

    @Test
    void shouldKeepTheInitializerOfAFieldAddedSinceTheBytesWereWritten() {
        final Codec<Versioned> codec = Codecs.forClass(Versioned.class);
        final String written = "pojo " + Versioned.class.getName() + "(id:long)";
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        buffer.putLong(0, 42, CodecDescriptor.BYTE_ORDER);
        final Versioned read = CodecCompatibility.readerFor(written, codec).decode(buffer, 0, 8);
        assertEquals(42, read.id);
        assertEquals("eu", read.region);
    }

    private static void assertBreaks(final Class<?> type, final String rule) {
        final NoCodecException e = assertThrows(NoCodecException.class, () -> Codecs.forClass(type));
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    private static <T> T roundTrip(final Codec<T> codec, final T value) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        return codec.decode(buffer, 0, codec.encode(value, buffer, 0, buffer.capacity()));
    }
}
