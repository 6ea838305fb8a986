import type { ProfileFacts } from '../profile.js';

/** One file of the project, as a detector sees it. */
export interface ProjectFile {
  /** Path relative to the project root, forward slashes. */
  readonly rel: string;
  /** The file name alone. */
  readonly name: string;
  readonly text: string;
}

/**
 * One small reader per kind of file. A detector says which files it wants by their path and turns
 * one file into parts of the profile; it never opens files itself, so nothing outside the project is read.
 */
export interface Detector {
  /** Wants this file (path relative to the root, file name). Called for every file of the walk: keep it cheap. */
  wants(rel: string, name: string): boolean;
  /** What the file adds to the profile. Values of env files never leave the detector, only names and shapes. */
  read(file: ProjectFile): Partial<ProfileFacts>;
}

/** Lets a detector's module check itself against the contract where it is written. */
export function defineDetector(detector: Detector): Detector {
  return detector;
}

/** The folder part of a relative path ('' at the root). */
export function folderOf(rel: string): string {
  const at = rel.lastIndexOf('/');
  return at === -1 ? '' : rel.slice(0, at);
}

/** Joins relative path parts with forward slashes, dropping empty ones and `./`. */
export function joinRel(...parts: string[]): string {
  return parts
    .flatMap((part) => part.split('/'))
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}
