/**
 * The fake Discord's world: one application and bot user, one guild with text channels, a few
 * human users, and builders for the raw payloads discord.js expects (API v10 shapes).
 */

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A real-looking snowflake (19 digits), unique within the process and increasing. */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  parent_id?: string | null;
  [key: string]: unknown;
}

export interface FakeWorld {
  applicationId: string;
  bot: FakeUser;
  guild: { id: string; name: string; ownerId: string };
  /** Guild text channels, sent in GUILD_CREATE. */
  channels: FakeChannel[];
  users: { alice: FakeUser; bob: FakeUser };
}

export const ChannelType = { GuildText: 0, DM: 1, PublicThread: 11 } as const;

export function user(username: string, bot = false): FakeUser {
  return { id: snowflake(), username, global_name: username, discriminator: '0', avatar: null, ...(bot ? { bot } : {}) };
}

export function createWorld(): FakeWorld {
  const guildId = snowflake();
  const alice = user('alice');
  const textChannel = (name: string): FakeChannel => ({
    id: snowflake(),
    type: ChannelType.GuildText,
    name,
    guild_id: guildId,
    parent_id: null,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  });
  return {
    applicationId: snowflake(),
    bot: user('newsdesk', true),
    guild: { id: guildId, name: 'Newsroom', ownerId: alice.id },
    channels: [textChannel('research'), textChannel('off-topic')],
    users: { alice, bob: user('bob') },
  };
}

/** Every permission, so nothing the bot does is refused for lack of one. */
const ALL_PERMISSIONS = '2251799813685247';

/**
 * What @everyone may do in the fake guild, as in a new Discord server: read, write, react,
 * attach, use commands and threads, but not Manage Server. The guild's owner (alice) has every
 * permission; other members (bob) have these. Interactions carry their own (`permissions`).
 */
export const EVERYONE_PERMISSIONS = String(
  [6n, 10n, 11n, 14n, 15n, 16n, 31n, 35n, 38n].reduce((bits, bit) => bits | (1n << bit), 0n),
);

export function memberPayload(member: FakeUser, permissions = ALL_PERMISSIONS) {
  return {
    user: member,
    roles: [],
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    permissions,
  };
}

export function guildCreatePayload(world: FakeWorld) {
  const { guild } = world;
  return {
    id: guild.id,
    name: guild.name,
    owner_id: guild.ownerId,
    icon: null,
    unavailable: false,
    large: false,
    member_count: 3,
    joined_at: new Date(0).toISOString(),
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        permissions: EVERYONE_PERMISSIONS,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: world.channels,
    threads: [],
    members: [memberPayload(world.bot)],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    premium_tier: 0,
    preferred_locale: 'en-US',
    system_channel_flags: 0,
    nsfw_level: 0,
    verification_level: 0,
    explicit_content_filter: 0,
    default_message_notifications: 0,
    mfa_level: 0,
  };
}

export interface MessageInit {
  channelId: string;
  guildId?: string | undefined;
  author: FakeUser;
  content?: string;
  mentions?: FakeUser[];
  embeds?: unknown[];
  components?: unknown[];
  flags?: number;
  id?: string;
  [key: string]: unknown;
}

/** A full message object: what REST returns for a sent message and what MESSAGE_CREATE carries. */
export function messagePayload({ channelId, guildId, author, content = '', mentions = [], id, ...rest }: MessageInit) {
  return {
    embeds: [],
    components: [],
    attachments: [],
    flags: 0,
    ...rest,
    id: id ?? snowflake(),
    channel_id: channelId,
    ...(guildId ? { guild_id: guildId, member: { ...memberPayload(author), user: undefined } } : {}),
    author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: mentions.map((m) => (guildId ? { ...m, member: { ...memberPayload(m), user: undefined } } : m)),
    mention_roles: [],
    pinned: false,
    type: 0,
  };
}
