/** The platforms an Intune SCEP profile targets, apart from the profile reader so the CLI's options can name them cheaply. */
export const PLATFORMS = {
  android: 'Android device administrator',
  'android-work-profile': 'Android Enterprise personally-owned work profile',
  'android-device-owner': 'Android Enterprise fully managed, dedicated and corporate-owned work profile',
  'android-aosp': 'Android (AOSP)',
  ios: 'iOS/iPadOS',
  macos: 'macOS',
  windows: 'Windows 8.1 and Windows 10/11',
} as const satisfies Record<string, string>;
export type Platform = keyof typeof PLATFORMS;
