#!/usr/bin/env python3
"""Writes a synthetic Movies data set with the shape of the DynamoDB getting-started moviedata.json:
a JSON array of {"year": int, "title": str, "info": {...}} with (year, title) unique and the info
members present about as often as in the real file. Deterministic for a given count and seed.

    scripts/generate_movies.py COUNT [SEED] > movies.json
"""
import json
import random
import sys

WORDS = ["Night", "River", "Storm", "Garden", "Empire", "Shadow", "Silver", "Winter", "Station", "Harbor",
         "Dream", "Signal", "Orchard", "Machine", "Lantern", "Canyon", "Ember", "Voyage", "Mirror", "Echo",
         "Falcon", "Island", "Circus", "Atlas", "Comet", "Meadow", "Tower", "Velvet", "Harvest", "Horizon"]
FIRST = ["Ada", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Imani", "Jonas", "Keiko",
         "Luca", "Maya", "Nikolai", "Olivia", "Pedro", "Quinn", "Rosa", "Sven", "Tariq", "Una", "Viktor"]
LAST = ["Abara", "Berg", "Costa", "Duval", "Eklund", "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski",
        "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quaresma", "Rossi", "Sato", "Tanaka", "Varga"]
GENRES = ["Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Drama", "Family", "Fantasy",
          "History", "Horror", "Music", "Mystery", "Romance", "Sci-Fi", "Sport", "Thriller", "War", "Western"]


def person(rng):
    return rng.choice(FIRST) + " " + rng.choice(LAST)


def movie(rng, rank, taken):
    while True:
        year = rng.randint(1920, 2018)
        title = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        if rng.random() < 0.2:
            title = "The " + title
        if rng.random() < 0.06:
            title += ": Part " + str(rng.randint(2, 4))  # titles with ':' as in the real data
        if (year, title) not in taken:
            taken.add((year, title))
            break
    info = {"rank": rank}
    if rng.random() < 0.9996:
        info["directors"] = [person(rng) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.99:
        info["release_date"] = "%04d-%02d-%02dT00:00:00Z" % (year, rng.randint(1, 12), rng.randint(1, 28))
    if rng.random() < 0.955:
        whole = rng.random() < 0.1
        info["rating"] = rng.randint(2, 9) if whole else round(rng.uniform(1.7, 9.3), 1)
    if rng.random() < 0.999:
        info["genres"] = sorted(rng.sample(GENRES, rng.randint(1, 4)))
    if rng.random() < 0.965:
        info["image_url"] = "http://images.example.com/%d.jpg" % rank
    if rng.random() < 0.907:
        info["plot"] = "A %s %s meets a %s %s." % (rng.choice(WORDS).lower(), rng.choice(["pilot", "clerk", "singer", "thief"]),
                                                  rng.choice(WORDS).lower(), rng.choice(["ghost", "robot", "rival", "stranger"]))
    if rng.random() < 0.94:
        info["running_time_secs"] = rng.randint(60, 200) * 60
    if rng.random() < 0.999:
        info["actors"] = [person(rng) for _ in range(rng.randint(1, 3))]
    return {"year": year, "title": title, "info": info}


def main():
    count = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2013)
    taken = set()
    movies = [movie(rng, rank, taken) for rank in range(1, count + 1)]
    json.dump(movies, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
