// The most recently opened datasets, newest first, kept in QSettings.
#pragma once

#include <QStringList>

namespace qs::ui {

class RecentFiles {
public:
    static constexpr int kMaxEntries = 8;

    static QStringList datasets();
    static void addDataset(const QString& path);
    static void clear();
};

} // namespace qs::ui
